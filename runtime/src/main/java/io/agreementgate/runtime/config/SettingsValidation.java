package io.agreementgate.runtime.config;

import io.agreementgate.serde.SchemaRegistryClients;
import io.agreementgate.topology.config.GateConfig;
import io.agreementgate.topology.config.TopologySettings;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.common.config.ConfigException;

/**
 * The one validation pass over a process's settings: every runtime value parsed, the topology's configuration built,
 * Kafka Streams' own checks run, and the checks that span settings (an HTTP endpoint beyond loopback needs a token; a
 * misspelt key is refused). Each failure names the setting and where it was set.
 */
final class SettingsValidation {
    private SettingsValidation() {}

    static GateOptions validate(GateSettings settings) {
        GateConfig gate = gateConfig(settings);
        checkStreamsSettings(settings, gate);
        checkRegistryKeys(settings);
        Map<String, Object> values = new HashMap<>();
        RuntimeSettings.ALL.forEach(setting -> values.put(setting.key(), settings.get(setting)));
        GateOptions options = new GateOptions(settings, gate, values);
        checkHttpExposure(options);
        return options;
    }

    /** Every {@code gate.*} key the topology knows and every Kafka key go to the topology; the rest stays out. */
    static GateConfig gateConfig(GateSettings settings) {
        Set<String> topologyKeys = TopologySettings.knownKeys();
        Map<String, String> forLoader = new TreeMap<>();
        settings.asMap().forEach((key, value) -> {
            if (key.startsWith(TopologySettings.PREFIX)) {
                if (topologyKeys.contains(key)) {
                    forLoader.put(key, value);
                } else if (!RuntimeSettings.KEYS.contains(key)) {
                    Set<String> known = new TreeSet<>(topologyKeys);
                    known.addAll(RuntimeSettings.KEYS);
                    throw unknownKey(settings, key, known);
                }
            } else if (!RuntimeSettings.isRegistryKey(key)) {
                forLoader.put(key, value);
            }
        });
        try {
            return TopologySettings.load(forLoader);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(e.getMessage() + settings.originHint(e.getMessage()), e);
        }
    }

    /** Customer data must not reach the network unprotected: an endpoint bound beyond loopback needs a token. */
    private static void checkHttpExposure(GateOptions options) {
        String host = options.get(RuntimeSettings.HTTP_HOST);
        String origin = options.settings().origin(RuntimeSettings.HTTP_HOST.key());
        boolean loopback;
        try {
            loopback = InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            throw new ConfigurationException("invalid value '" + host + "' for " + RuntimeSettings.HTTP_HOST.key()
                    + ": unknown host (" + origin + ")");
        }
        if (!loopback && options.get(RuntimeSettings.HTTP_TOKEN).isEmpty()) {
            throw new ConfigurationException(RuntimeSettings.HTTP_HOST.key() + " " + host + " (" + origin
                    + ") serves customer data beyond this machine: set " + RuntimeSettings.HTTP_TOKEN.key()
                    + " (clients send Authorization: Bearer <token>), or bind 127.0.0.1");
        }
    }

    /** A misspelt {@code schema.registry.*} key would silently do nothing (e.g. a truststore never used). */
    private static void checkRegistryKeys(GateSettings settings) {
        Set<String> known = SchemaRegistryClients.KNOWN_PREFIXED_KEYS;
        settings.asMap().keySet().stream()
                .filter(k -> k.startsWith("schema.registry.") && !known.contains(k))
                .findFirst()
                .ifPresent(k -> {
                    throw unknownKey(settings, k, known);
                });
    }

    /** Kafka Streams checks its own settings only when created: check them now, before a cluster is started. */
    private static void checkStreamsSettings(GateSettings settings, GateConfig config) {
        try {
            config.topologyConfig();
        } catch (ConfigException e) {
            throw new ConfigurationException(e.getMessage() + settings.originHint(e.getMessage()), e);
        }
    }

    private static ConfigurationException unknownKey(GateSettings settings, String key, Set<String> known) {
        String suggestion = known.stream()
                .min(Comparator.comparingInt(k -> distance(k, key)))
                .filter(k -> distance(k, key) <= Math.max(3, key.length() / 4))
                .map(k -> "; did you mean " + k + "?")
                .orElse("; known: " + new TreeSet<>(known));
        return new ConfigurationException("unknown setting " + key + " (" + settings.origin(key) + ")" + suggestion);
    }

    /** Levenshtein distance, for "did you mean". */
    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
