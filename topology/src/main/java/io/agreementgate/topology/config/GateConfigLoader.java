package io.agreementgate.topology.config;

import io.agreementgate.schema.AgreementType;
import io.agreementgate.schema.OrderType;
import io.agreementgate.topology.policy.Policy;
import io.agreementgate.topology.streams.StateMemory;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
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

    public static final Setting WAIT_MAX = new Setting(
            "gate.wait.max.ms",
            Long.toString(GateConfig.DEFAULT_MAX_WAIT.toMillis()),
            "how long an order lacking an attestation waits for one; 0 decides at once");
    public static final Setting WAIT_CHECK_INTERVAL = new Setting(
            "gate.wait.check-interval.ms",
            Long.toString(GateConfig.DEFAULT_WAIT_CHECK_INTERVAL.toMillis()),
            "how often (wall-clock) waiting orders are checked for an ended wait");
    public static final Setting POLICY_VERSION =
            new Setting("gate.policy.version", Policy.DEFAULTS.version(), "stamped on every decision");
    public static final Setting CLOCK_SKEW = new Setting(
            "gate.policy.clock-skew.ms",
            Long.toString(Policy.DEFAULTS.clockSkewTolerance().toMillis()),
            "how far dateAgreed may lie after recordedAt, and orderedAt, dateAgreed and recordedAt after the record's "
                    + "own timestamp");
    public static final Setting EARLIEST_ORDER_DATE = new Setting(
            "gate.policy.earliest-order-date",
            date(Policy.DEFAULTS.earliestOrderDate()),
            "orders dated before it are INVALID_ORDER (no CSP order is older; an unset 0 never passes)");
    public static final Setting MAX_STRING_LENGTH = new Setting(
            "gate.policy.max-string-length",
            Integer.toString(Policy.DEFAULTS.maxStringLength()),
            "longest string field (characters) of an order or attestation; longer is INVALID_ORDER/INVALID_ATTESTATION");
    public static final Setting MAX_LINE_ITEMS = new Setting(
            "gate.policy.max-line-items",
            Integer.toString(Policy.DEFAULTS.maxLineItems()),
            "most line items an order may have; more is INVALID_ORDER");
    public static final Setting CONFIRMATION_MANDATORY_FROM = new Setting(
            "gate.policy.confirmation-mandatory-from",
            date(Policy.DEFAULTS.confirmationMandatoryFrom()),
            "orders before it are exempt (a date, or an ISO-8601 instant)");
    public static final Setting CUSTOMER_AGREEMENT_FROM = new Setting(
            "gate.policy.customer-agreement-from",
            date(Policy.DEFAULTS.customerAgreementFrom()),
            "from then the Microsoft Customer Agreement is accepted too");
    public static final Setting CLOUD_AGREEMENT_RETIRED_FROM = new Setting(
            "gate.policy.cloud-agreement-retired-from",
            date(Policy.DEFAULTS.cloudAgreementRetiredFrom()),
            "from then only the Microsoft Customer Agreement is accepted");
    public static final Setting TEMPLATES = new Setting(
            "gate.policy.templates",
            new TreeMap<>(Policy.DEFAULTS.templates())
                    .entrySet().stream()
                            .map(e -> e.getKey() + ":" + e.getValue())
                            .collect(Collectors.joining(",")),
            "known agreement templates, templateId:AGREEMENT_TYPE,...");
    public static final Setting EXEMPT_ORDER_TYPES = new Setting(
            "gate.policy.exempt-order-types",
            Policy.DEFAULTS.exemptOrderTypes().stream().map(Enum::name).sorted().collect(Collectors.joining(",")),
            "order types approved without an attestation");
    public static final Setting PROFESSIONAL_SECRECY_COUNTRIES = new Setting(
            "gate.policy.professional-secrecy-countries",
            String.join(",", new TreeSet<>(Policy.DEFAULTS.professionalSecrecyCountries())),
            "countries whose professional-secrecy customers need that agreement too");

    public static final Setting STATE_MEMORY = new Setting(
            StateMemory.TOTAL_KEY,
            Long.toString(StateMemory.DEFAULT_TOTAL_BYTES),
            "bytes of off-heap memory all RocksDB stores of the process share: block cache, index and filter blocks,"
                    + " memtables (Kafka Streams' default gives every store instance its own ~100 MB)");
    public static final Setting STATE_WRITE_BUFFER_MEMORY = new Setting(
            StateMemory.WRITE_BUFFER_KEY,
            Long.toString(StateMemory.DEFAULT_WRITE_BUFFER_BYTES),
            "of gate.state.memory.bytes, how much the memtables may take (at most half)");

    /** Every setting the topology reads: the topics' names, the waits and the policy. */
    public static final List<Setting> SETTINGS = Stream.concat(
                    GateTopics.ALL.stream()
                            .map(t ->
                                    new Setting(t.settingKey(), t.defaultName(), "name of the " + t.role() + " topic")),
                    Stream.of(
                            WAIT_MAX,
                            WAIT_CHECK_INTERVAL,
                            POLICY_VERSION,
                            CLOCK_SKEW,
                            CONFIRMATION_MANDATORY_FROM,
                            CUSTOMER_AGREEMENT_FROM,
                            CLOUD_AGREEMENT_RETIRED_FROM,
                            TEMPLATES,
                            EXEMPT_ORDER_TYPES,
                            PROFESSIONAL_SECRECY_COUNTRIES,
                            EARLIEST_ORDER_DATE,
                            MAX_STRING_LENGTH,
                            MAX_LINE_ITEMS,
                            STATE_MEMORY,
                            STATE_WRITE_BUFFER_MEMORY))
            .toList();

    private static final Set<String> KNOWN =
            SETTINGS.stream().map(Setting::key).collect(Collectors.toUnmodifiableSet());

    private GateConfigLoader() {}

    /** The names of the gate's own settings, for documentation and validation. */
    public static Set<String> knownKeys() {
        return new TreeSet<>(KNOWN);
    }

    public static GateConfig load(Map<String, String> properties) {
        Map<String, String> gate = new HashMap<>();
        Map<String, Object> streams = new LinkedHashMap<>();
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
        // Carried to every store's BoundedRocksDB through the Kafka Streams settings, checked here: a bad value stops
        // the start-up naming the setting instead of failing each store as it opens.
        streams.putAll(stateMemory(gate).asSettings());
        return new GateConfig(
                Topics.from(gate),
                policy(gate),
                parse(gate, WAIT_MAX, GateConfigLoader::millis),
                parse(gate, WAIT_CHECK_INTERVAL, GateConfigLoader::millis),
                streams);
    }

    private static Policy policy(Map<String, String> gate) {
        return new Policy(
                parse(gate, POLICY_VERSION, String::trim),
                parse(gate, CLOCK_SKEW, GateConfigLoader::millis),
                parse(gate, CONFIRMATION_MANDATORY_FROM, GateConfigLoader::instant),
                parse(gate, CUSTOMER_AGREEMENT_FROM, GateConfigLoader::instant),
                parse(gate, CLOUD_AGREEMENT_RETIRED_FROM, GateConfigLoader::instant),
                parse(gate, TEMPLATES, GateConfigLoader::templates),
                parse(gate, EXEMPT_ORDER_TYPES, GateConfigLoader::orderTypes),
                parse(gate, PROFESSIONAL_SECRECY_COUNTRIES, GateConfigLoader::countries),
                parse(gate, EARLIEST_ORDER_DATE, GateConfigLoader::instant),
                parse(gate, MAX_STRING_LENGTH, Integer::parseInt),
                parse(gate, MAX_LINE_ITEMS, Integer::parseInt));
    }

    private static StateMemory stateMemory(Map<String, String> gate) {
        long total = parse(gate, STATE_MEMORY, Long::parseLong);
        long writeBuffers = parse(gate, STATE_WRITE_BUFFER_MEMORY, Long::parseLong);
        return new StateMemory(total, writeBuffers);
    }

    /** The value given for {@code setting}, else its declared default, parsed the same way. */
    private static <T> T parse(Map<String, String> gate, Setting setting, Function<String, T> parser) {
        String raw = gate.getOrDefault(setting.key(), setting.defaultValue());
        try {
            return parser.apply(raw);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(
                    "invalid value '" + raw + "' for " + setting.key() + ": " + e.getMessage(), e);
        }
    }

    private static String date(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC).toLocalDate().toString();
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
