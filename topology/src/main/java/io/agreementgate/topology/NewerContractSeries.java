package io.agreementgate.topology;

import io.agreementgate.schema.AgreementAttestation;
import io.agreementgate.schema.Order;
import io.agreementgate.topology.config.GateTopic;
import io.agreementgate.topology.config.GateTopics;
import io.agreementgate.topology.config.Topics;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;

/**
 * One series of the count of input records written with a newer version of the contract than the gate knows: per
 * input topic and per field that carried a symbol the gate does not know ({@code orderType}, {@code
 * lineItems.productType}, ...), or {@value #UNKNOWN_FIELDS} for records with fields the gate does not have. The label
 * values are fixed (the gate's own enum fields and one more), so the series are known, and exported at zero, from
 * start-up, whatever a writer schema holds.
 *
 * <p>Kafka Streams sensors in group {@code stream-agreement-gate-metrics}, tagged {@value #TOPIC_TAG} and {@value
 * #FIELD_TAG}.
 */
public record NewerContractSeries(String topic, String field) {
    /** The field label of records carrying fields the gate does not know (no Avro name has parentheses). */
    public static final String UNKNOWN_FIELDS = "(unknown fields)";

    public static final String TOPIC_TAG = "newer-contract-topic";
    public static final String FIELD_TAG = "newer-contract-field";

    /** Every series the gate can count, for the topics in force. */
    public static List<NewerContractSeries> all(Topics topics) {
        List<NewerContractSeries> all = new ArrayList<>();
        add(all, topics, GateTopics.ORDERS, Order.getClassSchema());
        add(all, topics, GateTopics.ATTESTATIONS, AgreementAttestation.getClassSchema());
        return all;
    }

    private static void add(List<NewerContractSeries> all, Topics topics, GateTopic<?> topic, Schema schema) {
        String name = topics.name(topic);
        enumFields("", schema, all, name);
        all.add(new NewerContractSeries(name, UNKNOWN_FIELDS));
    }

    /** The paths (without list positions) of the reader schema's enum fields: where an unknown symbol can be found. */
    private static void enumFields(String path, Schema schema, List<NewerContractSeries> into, String topic) {
        switch (schema.getType()) {
            case ENUM -> into.add(new NewerContractSeries(topic, path));
            case RECORD ->
                schema.getFields()
                        .forEach(f ->
                                enumFields(path.isEmpty() ? f.name() : path + "." + f.name(), f.schema(), into, topic));
            case ARRAY -> enumFields(path, schema.getElementType(), into, topic);
            case MAP -> enumFields(path, schema.getValueType(), into, topic);
            case UNION -> schema.getTypes().forEach(t -> enumFields(path, t, into, topic));
            default -> {}
        }
    }

    /** The Kafka Streams operation name: unique per series, since Kafka Streams names a sensor by it. */
    String operation() {
        return ("newer-contract-" + topic + "-" + field).replaceAll("[^A-Za-z0-9.]+", "-");
    }

    String[] tags() {
        return new String[] {TOPIC_TAG, topic, FIELD_TAG, field};
    }
}
