package io.agreementgate.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The drop-in ops files in {@code deploy/} parse and fit together with docker-compose.yml. That every metric they
 * read is exported is checked on a running gate by {@link GateMetricsTest}.
 */
class OpsFilesTest {

    @Test
    void shouldProvisionTheDashboardOnThePrometheusDatasource() throws Exception {
        String uid = OpsFiles.yaml(OpsFiles.DATASOURCES)
                .path("datasources")
                .get(0)
                .path("uid")
                .asText();
        JsonNode dashboard = OpsFiles.json(OpsFiles.DASHBOARD);

        assertThat(dashboard.path("uid").asText()).isEqualTo("agreement-gate");
        assertThat(dashboard.path("panels")).isNotEmpty();
        for (JsonNode panel : dashboard.path("panels")) {
            assertThat(panel.path("datasource").path("uid").asText())
                    .as(panel.path("title").asText())
                    .isEqualTo(uid);
            assertThat(panel.path("targets")).as(panel.path("title").asText()).isNotEmpty();
            panel.path("targets")
                    .forEach(t -> assertThat(t.path("expr").asText()).isNotBlank());
        }
        assertThat(OpsFiles.yaml(OpsFiles.DASHBOARD_PROVIDERS)
                        .path("providers")
                        .get(0)
                        .path("options")
                        .path("path")
                        .asText())
                .isEqualTo("/var/lib/grafana/dashboards");
    }

    @Test
    void shouldDefineTheAlertsOperatorsNeedWithSeverityAndSummary() throws Exception {
        List<String> names = new ArrayList<>();
        for (JsonNode group : OpsFiles.yaml(OpsFiles.ALERTS).path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                names.add(rule.path("alert").asText());
                assertThat(rule.path("expr").asText()).isNotBlank();
                assertThat(rule.path("labels").path("severity").asText()).isIn("critical", "warning");
                assertThat(rule.path("annotations").path("summary").asText()).isNotBlank();
            }
        }
        assertThat(names)
                .contains(
                        "AgreementGateNotRunning",
                        "AgreementGateDeadLettersGrowing",
                        "AgreementGateRejectionRateSpike",
                        "AgreementGateWaitingOrdersHigh",
                        "AgreementGateInputLagHigh",
                        "AgreementGateRecordsMisplaced");
    }

    @Test
    void shouldTakeMetricNamesAndLabelValuesOutOfPromQl() {
        String expression = "histogram_quantile(0.99, sum by (le) (rate(a_seconds_bucket{job=\"x\", le!=\"1\"}[5m])))"
                + " / on (job) b_total and max without (topic) (c{state=\"RUNNING\",t=~\"y.*\"}) > 1e3 offset 1h";

        assertThat(OpsFiles.metrics(expression)).containsExactly("a_seconds_bucket", "b_total", "c");
        assertThat(OpsFiles.equalitySelectors(expression))
                .containsExactly(
                        new OpsFiles.Selector("a_seconds_bucket", java.util.Map.of("job", "x")),
                        new OpsFiles.Selector("c", java.util.Map.of("state", "RUNNING")));
    }

    @Test
    void shouldWriteBalancedPromQl() throws Exception {
        for (String expression : OpsFiles.expressions()) {
            assertThat(count(expression, '(')).as(expression).isEqualTo(count(expression, ')'));
            assertThat(count(expression, '{')).as(expression).isEqualTo(count(expression, '}'));
            assertThat(count(expression, '[')).as(expression).isEqualTo(count(expression, ']'));
            assertThat(count(expression, '"') % 2).as(expression).isZero();
            assertThat(OpsFiles.metrics(expression)).as(expression).isNotEmpty();
        }
    }

    @Test
    void shouldRunPrometheusAndGrafanaInTheMonitoringProfileWithTheseFiles() throws Exception {
        JsonNode services =
                OpsFiles.yaml(OpsFiles.ROOT.resolve("docker-compose.yml")).path("services");
        JsonNode prometheus = OpsFiles.yaml(OpsFiles.PROMETHEUS);

        for (String service : List.of("prometheus", "grafana")) {
            assertThat(services.path(service).path("profiles").get(0).asText()).isEqualTo("monitoring");
            for (JsonNode volume : services.path(service).path("volumes")) {
                String source = volume.asText().split(":", -1)[0];
                assertThat(OpsFiles.ROOT.resolve(source)).as(volume.asText()).exists();
            }
        }
        assertThat(services.path("gate").path("profiles").isMissingNode()).isTrue();
        List<String> mountTargets = new ArrayList<>();
        services.path("prometheus")
                .path("volumes")
                .forEach(v -> mountTargets.add(v.asText().split(":", -1)[1]));
        prometheus.path("rule_files").forEach(f -> assertThat(mountTargets).contains(f.asText()));
        String target = prometheus
                .path("scrape_configs")
                .get(0)
                .path("static_configs")
                .get(0)
                .path("targets")
                .get(0)
                .asText();
        assertThat(target)
                .isEqualTo("gate:"
                        + services.path("gate")
                                .path("environment")
                                .path("AGREEMENT_GATE_GATE_HTTP_PORT")
                                .asText());
        assertThat(Files.readString(OpsFiles.DATASOURCES)).contains("http://prometheus:9090");
    }

    private static long count(String text, char c) {
        return text.chars().filter(ch -> ch == c).count();
    }
}
