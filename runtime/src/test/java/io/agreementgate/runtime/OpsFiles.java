package io.agreementgate.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The files in {@code deploy/}, parsed, and the PromQL they contain taken apart far enough to check its metrics. */
final class OpsFiles {
    static final Path ROOT =
            Path.of(System.getProperty("project.root", "..")).toAbsolutePath().normalize();
    static final Path DEPLOY = ROOT.resolve("deploy");
    static final Path DASHBOARD = DEPLOY.resolve("grafana/dashboards/agreement-gate.json");
    static final Path ALERTS = DEPLOY.resolve("prometheus/agreement-gate-alerts.yml");
    static final Path PROMETHEUS = DEPLOY.resolve("prometheus/prometheus.yml");
    static final Path DATASOURCES = DEPLOY.resolve("grafana/provisioning/datasources/prometheus.yml");
    static final Path DASHBOARD_PROVIDERS = DEPLOY.resolve("grafana/provisioning/dashboards/agreement-gate.yml");

    /** Series Prometheus makes itself, not the gate. */
    static final Set<String> SYNTHETIC = Set.of("up");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Set<String> KEYWORDS = Set.of(
            "and", "or", "unless", "by", "without", "on", "ignoring", "group_left", "group_right", "bool", "offset");
    private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern SELECTOR = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)\\s*\\{([^}]*)}");
    private static final Pattern EQUALITY = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)\\s*=\\s*\"([^\"]*)\"");

    private OpsFiles() {}

    /** An equality selector: a metric with labels that must have exactly these values. */
    record Selector(String metric, Map<String, String> labels) {}

    static JsonNode json(Path file) throws IOException {
        return JSON.readTree(file.toFile());
    }

    static JsonNode yaml(Path file) throws IOException {
        return YAML.readTree(file.toFile());
    }

    /** Every PromQL expression of the dashboard's targets and the alert rules. */
    static List<String> expressions() throws IOException {
        List<String> expressions = new ArrayList<>();
        json(DASHBOARD)
                .path("panels")
                .forEach(panel -> panel.path("targets")
                        .forEach(target -> expressions.add(target.path("expr").asText())));
        yaml(ALERTS)
                .path("groups")
                .forEach(group -> group.path("rules")
                        .forEach(rule -> expressions.add(rule.path("expr").asText())));
        return expressions;
    }

    /** The metric names an expression reads (not its functions, keywords or label names). */
    static Set<String> metrics(String expression) {
        String stripped = expression
                .replaceAll("\\{[^}]*}", " ")
                .replaceAll("\\[[^]]*]", " ")
                .replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ");
        Set<String> metrics = new LinkedHashSet<>();
        Matcher m = IDENTIFIER.matcher(stripped);
        while (m.find()) {
            String token = m.group();
            boolean function = stripped.substring(m.end()).stripLeading().startsWith("(");
            boolean number = m.start() > 0 && Character.isDigit(stripped.charAt(m.start() - 1));
            if (!function && !number && !KEYWORDS.contains(token)) {
                metrics.add(token);
            }
        }
        return metrics;
    }

    static List<Selector> equalitySelectors(String expression) {
        List<Selector> selectors = new ArrayList<>();
        Matcher m = SELECTOR.matcher(expression);
        while (m.find()) {
            Map<String, String> labels = new LinkedHashMap<>();
            Matcher l = EQUALITY.matcher(m.group(2));
            // Only "=" matchers: "!=" and "=~" do not match the pattern's name-then-'="' shape.
            while (l.find()) {
                labels.put(l.group(1), l.group(2));
            }
            selectors.add(new Selector(m.group(1), labels));
        }
        return selectors;
    }
}
