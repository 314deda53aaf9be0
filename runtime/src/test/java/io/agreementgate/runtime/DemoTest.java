package io.agreementgate.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.agreementgate.runtime.config.GateSettings;
import io.agreementgate.runtime.demo.Demo;
import io.agreementgate.runtime.gate.GateProcess;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code run --demo}: every outcome shows up as one line per decision. */
@ExtendWith(SharedCluster.class)
class DemoTest {
    @TempDir
    Path dataDir;

    @Test
    void showsEveryOutcome() {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8);
        Map<String, String> settings = TestSettings.onSharedCluster("demo", dataDir, 6000);
        try (GateProcess gate = GateProcess.start(Demo.settings(GateSettings.of(settings)), out)) {
            Demo demo = Demo.start(gate.runner(), out);
            Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                List<String> lines =
                        buffer.toString(StandardCharsets.UTF_8).lines().toList();
                assertThat(lines)
                        .anyMatch(
                                l -> l.startsWith("APPROVED") && l.contains("-new-purchase") && l.contains("evidence"))
                        .anyMatch(l -> l.startsWith("APPROVED") && l.contains("-renewal") && l.contains("exempt"))
                        .anyMatch(l -> l.startsWith("APPROVED")
                                && l.contains("-secrecy")
                                && l.contains("PROFESSIONAL_SECRECY_AGREEMENT by"))
                        .anyMatch(l -> l.startsWith("APPROVED") && l.contains("-late-attestation"))
                        .anyMatch(l -> l.startsWith("REJECTED") && l.endsWith("INVALID_ORDER"))
                        .anyMatch(l -> l.startsWith("REJECTED") && l.contains("ACCEPTANCE_MISSING (waited"))
                        .anyMatch(l -> l.startsWith("REJECTED") && l.contains("ACCEPTANCE_BY_OTHER_PARTNER"))
                        .anyMatch(l -> l.startsWith("REJECTED") && l.contains("AGREEMENT_TYPE_NOT_ACCEPTED"))
                        .anyMatch(l -> l.startsWith("REJECTED") && l.contains("PROFESSIONAL_SECRECY_AGREEMENT_MISSING"))
                        .anyMatch(l -> l.startsWith("ATTESTATION REJECTED")
                                && l.contains("CONTACT_EMAIL_INVALID, TEMPLATE_MISMATCH"));
                // 9 orders and one bad attestation: nothing else, so no valid attestation was rejected by mistake.
                assertThat(lines.stream().filter(l -> l.matches("^(APPROVED|REJECTED|ATTESTATION).*")))
                        .hasSize(10);
            });
            demo.close();
            assertThat(buffer.toString(StandardCharsets.UTF_8))
                    .contains("Schema registry", "Topics in", gate.runner().httpUrl());
        }
    }
}
