package io.agreementgate.runtime.config;

import io.agreementgate.topology.config.TopologySettings;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Environment variables as settings: {@code AGREEMENT_GATE_<KEY>} where KEY is the setting upper-cased with dots and
 * dashes as underscores, e.g. {@code AGREEMENT_GATE_BOOTSTRAP_SERVERS} for {@code bootstrap.servers} and {@code
 * AGREEMENT_GATE_GATE_WAIT_CHECK_INTERVAL_MS} for {@code gate.wait.check-interval.ms}.
 *
 * <p>Underscores cannot say whether they stood for a dot or a dash, so a variable is first matched against every key
 * the gate knows (its own, the topology's, Kafka Streams', producer, consumer and admin client keys); an unknown one
 * becomes the lower-cased name with dots, which suits the usual dotted Kafka keys (e.g. a client plug-in's own key).
 */
public final class EnvironmentMapping {
    public static final String PREFIX = "AGREEMENT_GATE_";
    /** Read by logback.xml (the gate's own log level), not a setting. */
    public static final String LOG_LEVEL_VARIABLE = "AGREEMENT_GATE_LOG_LEVEL";

    private static final Map<String, String> KNOWN_BY_VARIABLE = byVariable();

    private EnvironmentMapping() {}

    /** The variable that sets {@code key}. */
    public static String variableFor(String key) {
        return PREFIX + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /** The key a variable sets, or null when the variable does not start with {@value #PREFIX}. */
    public static String keyFor(String variable) {
        if (!variable.startsWith(PREFIX)
                || variable.length() == PREFIX.length()
                || variable.equals(LOG_LEVEL_VARIABLE)) {
            return null;
        }
        String known = KNOWN_BY_VARIABLE.get(variable);
        if (known != null) {
            return known;
        }
        return variable.substring(PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '.');
    }

    /** The settings given by an environment, keyed by setting, each with the variable it came from. */
    public static Map<String, String> settings(Map<String, String> environment, Map<String, String> variableOfKey) {
        Map<String, String> settings = new TreeMap<>();
        environment.forEach((variable, value) -> {
            String key = keyFor(variable);
            if (key != null) {
                settings.put(key, value);
                variableOfKey.put(key, variable);
            }
        });
        return settings;
    }

    /** Every key whose variable is matched exactly (everything the gate itself and Kafka's clients know). */
    public static Set<String> knownKeys() {
        Set<String> keys = new TreeSet<>(RuntimeSettings.KEYS);
        keys.addAll(RuntimeSettings.REGISTRY);
        keys.addAll(TopologySettings.knownKeys());
        keys.addAll(StreamsConfig.configDef().names());
        keys.addAll(ProducerConfig.configNames());
        keys.addAll(ConsumerConfig.configNames());
        keys.addAll(AdminClientConfig.configNames());
        return keys;
    }

    private static Map<String, String> byVariable() {
        Map<String, String> byVariable = new HashMap<>();
        for (String key : knownKeys()) {
            byVariable.putIfAbsent(variableFor(key), key);
        }
        return Map.copyOf(byVariable);
    }
}
