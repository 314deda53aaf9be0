package io.agreementgate.topology.config;

import io.agreementgate.schema.AgreementType;
import io.agreementgate.schema.OrderType;
import io.agreementgate.topology.policy.Policy;
import io.agreementgate.topology.streams.StateMemory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The topology's settings, each declared once ({@link Setting}), and the {@link GateConfig} read from flat
 * properties (file, environment and flags all end up here). Every key outside {@code gate.} is passed to Kafka Streams
 * untouched. A wrong value fails with one message naming the key.
 *
 * <p>To add a setting: declare it here with {@code declare(...)} (that lists it for validation, the environment
 * mapping and README's table), read it where {@link #load} builds the configuration, and add its README row.
 */
public final class TopologySettings {
    public static final String PREFIX = "gate.";

    /** Filled by {@link #declare} as the declarations below run: keep it first. */
    private static final List<Setting<?>> DECLARED = new ArrayList<>();

    /** The topics' names, declared from the catalogue ({@link GateTopics}), one setting per topic. */
    public static final List<Setting<String>> TOPIC_NAMES = GateTopics.ALL.stream()
            .map(t -> declare(new Setting<>(
                    t.settingKey(), "topic name", t.defaultName(), "name of the " + t.role() + " topic", raw -> raw)))
            .toList();

    public static final Setting<Duration> WAIT_MAX = declare(Setting.millis(
            "gate.wait.max.ms",
            GateConfig.DEFAULT_MAX_WAIT,
            "how long an order lacking an attestation waits for one; 0 decides at once"));
    public static final Setting<Duration> WAIT_CHECK_INTERVAL = declare(Setting.positiveMillis(
            "gate.wait.check-interval.ms",
            GateConfig.DEFAULT_WAIT_CHECK_INTERVAL,
            "how often (wall-clock) waiting orders are checked for an ended wait"));
    public static final Setting<String> POLICY_VERSION =
            declare(Setting.text("gate.policy.version", Policy.DEFAULTS.version(), "stamped on every decision"));
    public static final Setting<Duration> CLOCK_SKEW = declare(Setting.millis(
            "gate.policy.clock-skew.ms",
            Policy.DEFAULTS.clockSkewTolerance(),
            "how far dateAgreed may lie after recordedAt, and orderedAt, dateAgreed and recordedAt after the record's "
                    + "own timestamp"));
    public static final Setting<Instant> CONFIRMATION_MANDATORY_FROM = declare(Setting.instant(
            "gate.policy.confirmation-mandatory-from",
            Policy.DEFAULTS.confirmationMandatoryFrom(),
            "orders before it are exempt (a date, or an ISO-8601 instant)"));
    public static final Setting<Instant> CUSTOMER_AGREEMENT_FROM = declare(Setting.instant(
            "gate.policy.customer-agreement-from",
            Policy.DEFAULTS.customerAgreementFrom(),
            "from then the Microsoft Customer Agreement is accepted too"));
    public static final Setting<Instant> CLOUD_AGREEMENT_RETIRED_FROM = declare(Setting.instant(
            "gate.policy.cloud-agreement-retired-from",
            Policy.DEFAULTS.cloudAgreementRetiredFrom(),
            "from then only the Microsoft Customer Agreement is accepted"));
    public static final Setting<Map<String, AgreementType>> TEMPLATES = declare(new Setting<>(
            "gate.policy.templates",
            "list of id:type",
            new TreeMap<>(Policy.DEFAULTS.templates())
                    .entrySet().stream()
                            .map(e -> e.getKey() + ":" + e.getValue())
                            .collect(Collectors.joining(",")),
            "known agreement templates, templateId:AGREEMENT_TYPE,...",
            TopologySettings::templates));
    public static final Setting<Set<OrderType>> EXEMPT_ORDER_TYPES = declare(new Setting<>(
            "gate.policy.exempt-order-types",
            "list",
            Policy.DEFAULTS.exemptOrderTypes().stream().map(Enum::name).sorted().collect(Collectors.joining(",")),
            "order types approved without an attestation",
            TopologySettings::orderTypes));
    public static final Setting<Set<String>> PROFESSIONAL_SECRECY_COUNTRIES = declare(new Setting<>(
            "gate.policy.professional-secrecy-countries",
            "list",
            String.join(",", new TreeSet<>(Policy.DEFAULTS.professionalSecrecyCountries())),
            "countries whose professional-secrecy customers need that agreement too",
            raw -> items(raw).collect(Collectors.toSet())));
    public static final Setting<Instant> EARLIEST_ORDER_DATE = declare(Setting.instant(
            "gate.policy.earliest-order-date",
            Policy.DEFAULTS.earliestOrderDate(),
            "orders dated before it are INVALID_ORDER (no CSP order is older; an unset 0 never passes)"));
    public static final Setting<Integer> MAX_STRING_LENGTH = declare(
            Setting.positiveInt(
                    "gate.policy.max-string-length",
                    Policy.DEFAULTS.maxStringLength(),
                    "longest string field (characters) of an order or attestation; longer is INVALID_ORDER/INVALID_ATTESTATION"));
    public static final Setting<Integer> MAX_LINE_ITEMS = declare(Setting.positiveInt(
            "gate.policy.max-line-items",
            Policy.DEFAULTS.maxLineItems(),
            "most line items an order may have; more is INVALID_ORDER"));

    public static final Setting<Long> STATE_MEMORY = declare(new Setting<>(
            StateMemory.TOTAL_KEY,
            "bytes >= 16 MiB",
            Long.toString(StateMemory.DEFAULT_TOTAL_BYTES),
            "bytes of off-heap memory all RocksDB stores of the process share: block cache, index and filter blocks,"
                    + " memtables (Kafka Streams' default gives every store instance its own ~100 MB)",
            raw -> StateMemory.atLeastMinimum(Long.parseLong(raw))));
    public static final Setting<Long> STATE_WRITE_BUFFER_MEMORY = declare(new Setting<>(
            StateMemory.WRITE_BUFFER_KEY,
            "bytes > 0",
            Long.toString(StateMemory.DEFAULT_WRITE_BUFFER_BYTES),
            "of gate.state.memory.bytes, how much the memtables may take (at most half)",
            raw -> Setting.positive(Long.parseLong(raw))));

    public static final Setting<Long> STATE_CACHE = declare(new Setting<>(
            "gate.state.cache.bytes",
            "bytes >= 0, or % of heap",
            GateConfig.DEFAULT_STATE_CACHE_HEAP_PERCENT + "%",
            "heap all tasks of the process may use for decoded customer agreement state (about 550 bytes per"
                    + " customer); a share of the maximum heap when it ends in %; 0 reads the store for every order",
            TopologySettings::heapBytes));

    /** Every setting the topology reads, in the order README lists them. */
    public static final List<Setting<?>> ALL = Collections.unmodifiableList(DECLARED);

    private static final Set<String> KNOWN = ALL.stream().map(Setting::key).collect(Collectors.toUnmodifiableSet());

    private TopologySettings() {}

    private static <T> Setting<T> declare(Setting<T> setting) {
        DECLARED.add(setting);
        return setting;
    }

    /** The names of the topology's settings, for documentation and validation. */
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
        streams.putAll(new StateMemory(STATE_MEMORY.from(gate), STATE_WRITE_BUFFER_MEMORY.from(gate)).asSettings());
        return new GateConfig(
                        Topics.from(gate), policy(gate), WAIT_MAX.from(gate), WAIT_CHECK_INTERVAL.from(gate), streams)
                .withStateCacheBytes(STATE_CACHE.from(gate));
    }

    private static Policy policy(Map<String, String> gate) {
        return new Policy(
                POLICY_VERSION.from(gate),
                CLOCK_SKEW.from(gate),
                CONFIRMATION_MANDATORY_FROM.from(gate),
                CUSTOMER_AGREEMENT_FROM.from(gate),
                CLOUD_AGREEMENT_RETIRED_FROM.from(gate),
                TEMPLATES.from(gate),
                EXEMPT_ORDER_TYPES.from(gate),
                PROFESSIONAL_SECRECY_COUNTRIES.from(gate),
                EARLIEST_ORDER_DATE.from(gate),
                MAX_STRING_LENGTH.from(gate),
                MAX_LINE_ITEMS.from(gate));
    }

    /** Bytes, or a percentage of this JVM's maximum heap ({@code 30%}). */
    private static long heapBytes(String raw) {
        if (raw.endsWith("%")) {
            int percent = Integer.parseInt(raw.substring(0, raw.length() - 1).trim());
            if (percent < 0 || percent > 90) {
                throw new IllegalArgumentException("a share of the heap must be between 0% and 90%");
            }
            return GateConfig.heapShare(percent);
        }
        long bytes = Long.parseLong(raw);
        if (bytes < 0) {
            throw new IllegalArgumentException("must not be negative");
        }
        return bytes;
    }

    private static Stream<String> items(String raw) {
        return Arrays.stream(raw.split(",")).map(String::trim).filter(s -> !s.isEmpty());
    }

    /** {@code id:AGREEMENT_TYPE,id:AGREEMENT_TYPE}. */
    private static Map<String, AgreementType> templates(String raw) {
        return items(raw)
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
        items(raw).forEach(s -> types.add(OrderType.valueOf(s.toUpperCase(Locale.ROOT))));
        return types;
    }
}
