package io.agreementgate.topology;

import static io.agreementgate.topology.TestData.CUSTOMER;
import static io.agreementgate.topology.TestData.anAttestation;
import static org.assertj.core.api.Assertions.assertThat;

import io.agreementgate.schema.AgreementAttestation;
import io.agreementgate.schema.internal.CustomerAgreements;
import io.agreementgate.serde.AvroSerdes;
import io.agreementgate.serde.GenericAvroSerializer;
import io.agreementgate.serde.InMemorySchemaRegistry;
import io.agreementgate.topology.policy.AgreementBook;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.junit.jupiter.api.Test;

/**
 * State written by the gate before withdrawal markers existed (published version 1 of {@code CustomerAgreements},
 * registered under the changelog's subject) must still read after the upgrade, through the very serde the store and its
 * changelog restore use, and behave as a state without withdrawals.
 */
class AgreementStateUpgradeTest {
    private static final Path VERSION_1 = Path.of(
            "../schemas/src/test/resources/published/io.agreementgate.schema.internal.CustomerAgreements/1.avsc");
    private static final String CHANGELOG = "agreement-gate-customer-agreements-changelog";

    private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
    private final AvroSerdes serdes = new AvroSerdes(registry, true);

    @Test
    void shouldReadStateWrittenBeforeWithdrawalMarkersExisted() throws IOException {
        AgreementAttestation onRecord = anAttestation().id("a1").build();

        CustomerAgreements state = readAsToday(writtenByVersion1(onRecord));

        assertThat(state.getCustomerId()).isEqualTo(CUSTOMER);
        assertThat(state.getAttestations()).containsExactly(onRecord);
        assertThat(state.getWithdrawals()).isEmpty();
    }

    @Test
    void shouldKeepAWithdrawalAppliedToUpgradedStateAgainstAnOlderResend() throws IOException {
        AgreementAttestation onRecord = anAttestation().id("a1").build();
        CustomerAgreements upgraded = readAsToday(writtenByVersion1(onRecord));

        CustomerAgreements withdrawn = AgreementBook.apply(
                        upgraded,
                        anAttestation()
                                .id("a2")
                                .withdrawn()
                                .recordedAt(Instant.parse("2024-02-01T00:00:00Z"))
                                .build())
                .orElseThrow();
        byte[] rewritten =
                serdes.valueSerde(CustomerAgreements.class).serializer().serialize(CHANGELOG, withdrawn);

        assertThat(AgreementBook.apply(readAsToday(rewritten), onRecord)).isEmpty();
    }

    private byte[] writtenByVersion1(AgreementAttestation attestation) throws IOException {
        Schema version1 = new Schema.Parser().parse(VERSION_1.toFile());
        assertThat(version1.getField("withdrawals"))
                .as("version 1 predates the markers")
                .isNull();
        GenericRecord state = new GenericData.Record(version1);
        state.put("customerId", CUSTOMER);
        state.put(
                "attestations",
                List.of(asGeneric(
                        attestation, version1.getField("attestations").schema().getElementType())));
        return new GenericAvroSerializer(registry, false, true).serialize(CHANGELOG, state);
    }

    private CustomerAgreements readAsToday(byte[] stored) {
        return serdes.valueSerde(CustomerAgreements.class).deserializer().deserialize(CHANGELOG, stored);
    }

    private static GenericRecord asGeneric(AgreementAttestation attestation, Schema schema) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new SpecificDatumWriter<>(AgreementAttestation.class).write(attestation, encoder);
        encoder.flush();
        return new GenericDatumReader<GenericRecord>(schema)
                .read(null, DecoderFactory.get().binaryDecoder(out.toByteArray(), null));
    }
}
