package io.agreementgate.topology.config;

import io.agreementgate.schema.AgreementType;
import io.agreementgate.schema.OrderType;
import io.agreementgate.topology.policy.Policy;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Reads a {@link GateConfig} from flat {@code gate.*} properties (file, environment, flags all end up here). Every
 * other key is passed to Kafka Streams untouched. A wrong value fails with one message naming the key.
 */
public final class GateConfigLoader {
    public static final String PREFIX = "gate.";

    private static final Set<String> KNOWN = Stream.concat(
                    GateTopics.ALL.stream().map(GateTopic::settingKey),
                    Stream.of(
                            "gate.wait.max.ms",
                            "gate.wait.check-interval.ms",
                            "gate.policy.version",
                            "gate.policy.clock-skew.ms",
                            "gate.policy.confirmation-mandatory-from",
                            "gate.policy.customer-agreement-from",
                            "gate.policy.cloud-agreement-retired-from",
                            "gate.policy.templates",
                            "gate.policy.exempt-order-types",
                            "gate.policy.professional-secrecy-countries"))
            .collect(Collectors.toUnmodifiableSet());

    private GateConfigLoader() {}

    /** The names of the gate's own settings, for documentation and validation. */
    public static Set<String> knownKeys() {
        return new TreeSet<>(KNOWN);
    }

    public static GateConfig load(Map<String, String> properties) {
        Map<String, String> gate = new HashMap<>();
        Map<String, Object> streams = new LinkedHashMap<>();
        streams.put("application.id", GateConfig.DEFAULT_APPLICATION_ID);
        properties.forEach((key, value) -> {
            if (key.startsWith(PREFIX)) {
                if (!KNOWN.contains(key)) {
                    throw new IllegalArgumentException("unknown setting " + key + " (known: " + knownKeys() + ")");
                }
                gate.put(key, value.trim());
            } else {
                streams.put(key, value);
            }
        });
        Topics topics = Topics.from(gate);
        return new GateConfig(
                topics,
                policy(gate),
                parse(gate, "gate.wait.max.ms", GateConfig.DEFAULT_MAX_WAIT, GateConfigLoader::millis),
                parse(
                        gate,
                        "gate.wait.check-interval.ms",
                        GateConfig.DEFAULT_WAIT_CHECK_INTERVAL,
                        GateConfigLoader::millis),
                streams);
    }

    private static Policy policy(Map<String, String> gate) {
        Policy d = Policy.DEFAULTS;
        return new Policy(
                gate.getOrDefault("gate.policy.version", d.version()),
                parse(gate, "gate.policy.clock-skew.ms", d.clockSkewTolerance(), GateConfigLoader::millis),
                parse(
                        gate,
                        "gate.policy.confirmation-mandatory-from",
                        d.confirmationMandatoryFrom(),
                        GateConfigLoader::instant),
                parse(
                        gate,
                        "gate.policy.customer-agreement-from",
                        d.customerAgreementFrom(),
                        GateConfigLoader::instant),
                parse(
                        gate,
                        "gate.policy.cloud-agreement-retired-from",
                        d.cloudAgreementRetiredFrom(),
                        GateConfigLoader::instant),
                parse(gate, "gate.policy.templates", d.templates(), GateConfigLoader::templates),
                parse(gate, "gate.policy.exempt-order-types", d.exemptOrderTypes(), GateConfigLoader::orderTypes),
                parse(
                        gate,
                        "gate.policy.professional-secrecy-countries",
                        d.professionalSecrecyCountries(),
                        GateConfigLoader::countries));
    }

    private static <T> T parse(Map<String, String> gate, String key, T fallback, Function<String, T> parser) {
        String raw = gate.get(key);
        if (raw == null) {
            return fallback;
        }
        try {
            return parser.apply(raw);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("invalid value '" + raw + "' for " + key + ": " + e.getMessage(), e);
        }
    }

    private static Duration millis(String raw) {
        return Duration.ofMillis(Long.parseLong(raw));
    }

    /** Accepts a date (midnight UTC) or a full ISO-8601 instant. */
    private static Instant instant(String raw) {
        try {
            return Instant.parse(raw);
        } catch (DateTimeParseException notAnInstant) {
            return LocalDate.parse(raw).atStartOfDay().toInstant(ZoneOffset.UTC);
        }
    }

    /** {@code id:AGREEMENT_TYPE,id:AGREEMENT_TYPE}. */
    private static Map<String, AgreementType> templates(String raw) {
        return Arrays.stream(raw.split(","))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .map(entry -> {
                    int colon = entry.lastIndexOf(':');
                    if (colon <= 0) {
                        throw new IllegalArgumentException("expected templateId:AGREEMENT_TYPE, got '" + entry + "'");
                    }
                    return Map.entry(
                            entry.substring(0, colon).trim(),
                            AgreementType.valueOf(
                                    entry.substring(colon + 1).trim().toUpperCase(Locale.ROOT)));
                })
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    private static Set<OrderType> orderTypes(String raw) {
        Set<OrderType> types = EnumSet.noneOf(OrderType.class);
        Arrays.stream(raw.split(","))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .forEach(s -> types.add(OrderType.valueOf(s.toUpperCase(Locale.ROOT))));
        return types;
    }

    private static Set<String> countries(String raw) {
        return Arrays.stream(raw.split(","))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .collect(Collectors.toSet());
    }
}
