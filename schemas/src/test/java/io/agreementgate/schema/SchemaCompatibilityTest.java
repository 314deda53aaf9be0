package io.agreementgate.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.agreementgate.schema.internal.CustomerAgreements;
import io.agreementgate.schema.internal.WaitingOrders;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.junit.jupiter.api.Test;

/**
 * Every schema must stay BACKWARD compatible (the Schema Registry's default): the current schema must read data
 * written with every previously committed version. Uses Avro's own compatibility checker.
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
    void shouldReadDataWrittenWithEveryCommittedVersionOfEachSchema() {
        Path root = SchemaHistory.repoRoot();
        List<String> commits = SchemaHistory.commits(root);
        assumeThat(commits).as("git history of the contract").isNotEmpty();

        List<String> problems = new ArrayList<>();
        for (String commit : commits) {
            Map<String, Schema> committed = SchemaHistory.at(root, commit);
            for (Schema current : CURRENT) {
                Schema previous = committed.get(current.getFullName());
                if (previous != null) {
                    problems.addAll(incompatibilities(current, previous, commit));
                }
            }
        }
        assertThat(problems).isEmpty();
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
