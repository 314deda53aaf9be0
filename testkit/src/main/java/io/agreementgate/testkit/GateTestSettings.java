package io.agreementgate.testkit;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What every gate under test sets over the gate's own defaults, whether it runs in the test's JVM or as its own
 * process: its application id (its group, its internal topics), an ephemeral HTTP port (tests share the machine and
 * run side by side) and a short wait for a missing attestation (the default minute would make tests slow).
 * Everything else stays the gate's default unless a test is about it.
 */
public final class GateTestSettings {
    private GateTestSettings() {}

    /** A new, modifiable map: tests add what they are about. */
    public static Map<String, String> of(String applicationId, Duration maxWait) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("application.id", applicationId);
        settings.put("gate.http.port", "0");
        settings.put("gate.wait.max.ms", Long.toString(maxWait.toMillis()));
        return settings;
    }
}
