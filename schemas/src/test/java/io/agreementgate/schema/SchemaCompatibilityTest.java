package io.agreementgate.schema;

import static org.assertj.core.api.Assertions.assertThat;

import io.agreementgate.schema.internal.CustomerAgreements;
import io.agreementgate.schema.internal.WaitingOrders;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.junit.jupiter.api.Test;

/**
 * Every schema must stay BACKWARD compatible (the Schema Registry's default): the current schema must read data
 * written with every previously published version, kept as committed snapshots. Uses Avro's own compatibility checker.
 */
class SchemaCompatibilityTest {
    static final List<Schema> CURRENT = List.of(
            AgreementAttestation.getClassSchema(),
            Order.getClassSchema(),
            ApprovedOrder.getClassSchema(),
            RejectedOrder.getClassSchema(),
            RejectedAttestation.getClassSchema(),
            CustomerAgreements.getClassSchema(),
            WaitingOrders.getClassSchema());

    @Test
    void shouldReadDataWrittenWithEveryPublishedVersionOfEachSchema() {
        List<String> problems = new ArrayList<>();
        for (Schema current : CURRENT) {
            for (PublishedSchemas.Version published : PublishedSchemas.of(current.getFullName())) {
                problems.addAll(incompatibilities(current, published.schema(), "version " + published.number()));
            }
        }
        assertThat(problems).isEmpty();
    }

    /**
     * Without this, a change could slip past the check above: each schema as built must be its latest published
     * snapshot, so that changing a schema means committing its next snapshot, which the next change is checked
     * against.
     */
    @Test
    void shouldHaveEverySchemaAsBuiltCommittedAsItsLatestPublishedVersion() {
        List<String> unpublished = new ArrayList<>();
        for (Schema current : CURRENT) {
            List<PublishedSchemas.Version> versions = PublishedSchemas.of(current.getFullName());
            Schema latest = versions.isEmpty()
                    ? null
                    : versions.get(versions.size() - 1).schema();
            if (!withoutJavaStringHints(current).equals(latest)) {
                unpublished.add(current.getFullName() + " differs from its latest snapshot: add it as "
                        + PublishedSchemas.fileFor(current.getFullName(), versions.size() + 1));
            }
        }
        assertThat(unpublished).isEmpty();
    }

    @Test
    void shouldDetectABackwardIncompatibleChange() {
        Schema previous = Order.getClassSchema();
        Schema withRequiredField = new Schema.Parser()
                .parse(previous.toString()
                        .replace(
                                "\"fields\":[{\"name\":\"orderId\"",
                                "\"fields\":[{\"name\":\"channel\",\"type\":\"string\"},{\"name\":\"orderId\""));

        assertThat(incompatibilities(withRequiredField, previous, "test"))
                .singleElement()
                .asString()
                .contains("channel");
    }

    @Test
    void shouldAcceptAFieldAddedWithADefault() {
        Schema previous = Order.getClassSchema();
        Schema withOptionalField = new Schema.Parser()
                .parse(previous.toString()
                        .replace(
                                "\"fields\":[{\"name\":\"orderId\"",
                                "\"fields\":[{\"name\":\"channel\",\"type\":[\"null\",\"string\"],\"default\":null},"
                                        + "{\"name\":\"orderId\""));

        assertThat(incompatibilities(withOptionalField, previous, "test")).isEmpty();
    }

    @Test
    void shouldGiveEveryEnumADefaultSoNewSymbolsDoNotBreakOldReaders() {
        List<String> withoutDefault = new ArrayList<>();
        CURRENT.forEach(schema -> collectEnumsWithoutDefault(schema, withoutDefault, new ArrayList<>()));
        assertThat(withoutDefault).isEmpty();
    }

    /** The generated classes carry a Java-only hint ({@code avro.java.string}) that is no part of the contract. */
    private static Schema withoutJavaStringHints(Schema schema) {
        return new Schema.Parser().parse(schema.toString().replace(",\"avro.java.string\":\"String\"", ""));
    }

    private static List<String> incompatibilities(Schema reader, Schema writer, String commit) {
        SchemaCompatibility.SchemaPairCompatibility result =
                SchemaCompatibility.checkReaderWriterCompatibility(reader, writer);
        if (result.getType() == SchemaCompatibilityType.COMPATIBLE) {
            return List.of();
        }
        return List.of(reader.getFullName() + " cannot read data written with its version at " + commit + ": "
                + result.getResult().getIncompatibilities());
    }

    private static void collectEnumsWithoutDefault(Schema schema, List<String> out, List<Schema> seen) {
        if (seen.contains(schema)) {
            return;
        }
        seen.add(schema);
        switch (schema.getType()) {
            case ENUM -> {
                if (schema.getEnumDefault() == null) {
                    out.add(schema.getFullName());
                }
            }
            case RECORD -> schema.getFields().forEach(f -> collectEnumsWithoutDefault(f.schema(), out, seen));
            case ARRAY -> collectEnumsWithoutDefault(schema.getElementType(), out, seen);
            case UNION -> schema.getTypes().forEach(t -> collectEnumsWithoutDefault(t, out, seen));
            default -> {}
        }
    }
}
