package io.agreementgate.topology.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The names in force for the gate's topics ({@link GateTopics} is the catalogue). Every name is configurable with
 * {@code gate.topic.<role>}; the defaults are the spec's. An empty dead-letter name turns the dead-letter topic off.
 */
public record Topics(
        String orders,
        String attestations,
        String approvedOrders,
        String rejectedOrders,
        String rejectedAttestations,
        String deadLetter) {

    public static final Topics DEFAULTS = from(Map.of());

    public Topics {
        for (String name : List.of(orders, attestations, approvedOrders, rejectedOrders, rejectedAttestations)) {
            if (Objects.requireNonNull(name, "topic name").isBlank()) {
                throw new IllegalArgumentException("topic names must not be blank");
            }
        }
        Objects.requireNonNull(deadLetter, "deadLetter");
    }

    /** The names given by {@code gate.topic.*} settings, the catalogue's defaults for the others. */
    public static Topics from(Map<String, String> settings) {
        return new Topics(
                nameIn(settings, GateTopics.ORDERS),
                nameIn(settings, GateTopics.ATTESTATIONS),
                nameIn(settings, GateTopics.ORDERS_APPROVED),
                nameIn(settings, GateTopics.ORDERS_REJECTED),
                nameIn(settings, GateTopics.ATTESTATIONS_REJECTED),
                nameIn(settings, GateTopics.DEAD_LETTER));
    }

    /** Every name with the same prefix ({@code prefix.csp.orders}...): a test's or a benchmark round's own topics. */
    public Topics prefixed(String prefix) {
        return new Topics(
                prefix + "." + orders,
                prefix + "." + attestations,
                prefix + "." + approvedOrders,
                prefix + "." + rejectedOrders,
                prefix + "." + rejectedAttestations,
                deadLetter.isEmpty() ? "" : prefix + "." + deadLetter);
    }

    public String name(GateTopic<?> topic) {
        return switch (topic.role()) {
            case "orders" -> orders;
            case "attestations" -> attestations;
            case "orders-approved" -> approvedOrders;
            case "orders-rejected" -> rejectedOrders;
            case "attestations-rejected" -> rejectedAttestations;
            case "dead-letter" -> deadLetter;
            default -> throw new IllegalArgumentException("not one of the gate's topics: " + topic.role());
        };
    }

    /** These names as {@code gate.topic.*} settings, ready to hand to another gate process or a benchmark. */
    public Map<String, String> settings() {
        Map<String, String> settings = new LinkedHashMap<>();
        GateTopics.ALL.forEach(t -> settings.put(t.settingKey(), name(t)));
        return settings;
    }

    /** Topics keyed by customer id; they must share one partition count (co-partitioning). */
    public List<String> customerKeyed() {
        return GateTopics.ALL.stream()
                .filter(GateTopic::customerKeyed)
                .map(this::name)
                .toList();
    }

    public List<String> all() {
        return GateTopics.ALL.stream().map(this::name).toList();
    }

    private static String nameIn(Map<String, String> settings, GateTopic<?> topic) {
        return settings.getOrDefault(topic.settingKey(), topic.defaultName());
    }
}
