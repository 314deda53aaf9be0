package io.agreementgate.runtime.shipped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * docker-compose.yml as {@code docker compose} reads it: a service's environment, with {@code ${VAR}}, {@code
 * ${VAR:-default}} and {@code ${VAR:?message}} interpolated from the variables a user sets (and {@code $$} as a
 * literal {@code $}), in the map form this project's file uses.
 */
record ComposeFile(JsonNode root) {
    private static final Pattern VARIABLE =
            Pattern.compile("\\$\\$|\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?:(:[-?])([^}]*))?}");

    static ComposeFile read(Path file) {
        try {
            return new ComposeFile(new ObjectMapper(new YAMLFactory()).readTree(file.toFile()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    JsonNode service(String name) {
        JsonNode service = root.path("services").path(name);
        if (service.isMissingNode()) {
            throw new IllegalStateException("docker-compose.yml has no service " + name);
        }
        return service;
    }

    /** The service's environment as its container gets it, given the user's variables. */
    Map<String, String> environment(String service, Map<String, String> userVariables) {
        JsonNode environment = service(service).path("environment");
        if (!environment.isObject()) {
            throw new IllegalStateException("environment of " + service + " is not a map");
        }
        Map<String, String> env = new LinkedHashMap<>();
        environment
                .properties()
                .forEach(e -> env.put(e.getKey(), interpolate(e.getValue().asText(), userVariables)));
        return env;
    }

    static String interpolate(String value, Map<String, String> variables) {
        Matcher m = VARIABLE.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String replacement;
            if (m.group().equals("$$")) {
                replacement = "$";
            } else {
                String set = variables.get(m.group(1));
                boolean empty = set == null || set.isEmpty();
                if (":?".equals(m.group(2)) && empty) {
                    throw new IllegalStateException("compose refuses to start: " + m.group(3));
                }
                replacement = ":-".equals(m.group(2)) && empty ? m.group(3) : (set == null ? "" : set);
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }
}
