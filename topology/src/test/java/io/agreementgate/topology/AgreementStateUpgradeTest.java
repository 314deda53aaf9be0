package io.agreementgate.topology;

import static io.agreementgate.testkit.Samples.CUSTOMER;
import static io.agreementgate.testkit.Samples.anAttestation;
import static org.assertj.core.api.Assertions.assertThat;

import io.agreementgate.schema.AgreementAttestation;
import io.agreementgate.schema.internal.AgreementOnRecord;
import io.agreementgate.schema.internal.CustomerAgreements;
import io.agreementgate.serde.AvroSerdes;
import io.agreementgate.serde.GenericAvroSerializer;
import io.agreementgate.serde.InMemorySchemaRegistry;
import io.agreementgate.testkit.Samples;
import io.agreementgate.topology.policy.AgreementBook;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
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
 * State written by earlier gates must still read after the upgrade, through the very serde the store and its changelog
 * restore use: version 1 (before withdrawal markers existed) behaves as a state without withdrawals, and versions 1 and
 * 2 (whole attestations, contact data included) read as the current compact state without the contact, which the next
 * change of the customer writes back without it.
 */
class AgreementStateUpgradeTest {
    private static final Path PUBLISHED =
            Path.of("../schemas/src/test/resources/published/io.agreementgate.schema.internal.CustomerAgreements");
    private static final Path VERSION_1 = PUBLISHED.resolve("1.avsc");
    private static final Path VERSION_2 = PUBLISHED.resolve("2.avsc");
    private static final String CHANGELOG = "agreement-gate-customer-agreements-changelog";

    private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
    private final AvroSerdes serdes = new AvroSerdes(registry, true);

    @Test
    void shouldReadStateWrittenBeforeWithdrawalMarkersExisted() throws IOException {
        AgreementAttestation onRecord = anAttestation().id("a1").build();

        CustomerAgreements state = readAsToday(writtenByVersion1(onRecord));

        assertThat(state.getCustomerId()).isEqualTo(CUSTOMER);
        assertThat(state.getAttestations()).containsExactly(AgreementBook.onRecord(onRecord));
        assertThat(state.getWithdrawals()).isEmpty();
    }

    @Test
    void shouldReadStateWithContactDataWrittenByVersion2AsCompactStateWithoutIt() throws IOException {
        AgreementAttestation active = anAttestation().id("a1").build();
        AgreementAttestation withdrawn = anAttestation()
                .id("w1")
                .by(Samples.OTHER_PARTNER)
                .withdrawn()
                .recordedAt(Instant.parse("2024-02-01T00:00:00Z"))
                .build();

        CustomerAgreements state = readAsToday(writtenByVersion2(List.of(active), List.of(withdrawn)));

        assertThat(state.getAttestations()).containsExactly(AgreementBook.onRecord(active));
        assertThat(state.getWithdrawals()).containsExactly(AgreementBook.onRecord(withdrawn));
        assertThat(state.toString())
                .as("no contact data survives the upgrade")
                .doesNotContain(active.getPrimaryContact().getEmail())
                .doesNotContain(active.getPrimaryContact().getLastName());
    }

    @Test
    void shouldWriteUpgradedVersion2StateBackWithoutContactData() throws IOException {
        AgreementAttestation active = anAttestation().id("a1").build();
        byte[] version2 = writtenByVersion2(List.of(active), List.of());
        CustomerAgreements upgraded = readAsToday(version2);

        CustomerAgreements next = AgreementBook.apply(
                        upgraded,
                        anAttestation().id("a2").by(Samples.OTHER_PARTNER).build())
                .orElseThrow();
        byte[] rewritten =
                serdes.valueSerde(CustomerAgreements.class).serializer().serialize(CHANGELOG, next);

        assertThat(new String(rewritten, StandardCharsets.ISO_8859_1))
                .doesNotContain(active.getPrimaryContact().getEmail());
        assertThat(readAsToday(rewritten).getAttestations())
                .extracting(AgreementOnRecord::getAttestationId)
                .containsExactly("a1", "a2");
        assertThat(new String(version2, StandardCharsets.ISO_8859_1))
                .as("the version 2 record did hold it")
                .contains(active.getPrimaryContact().getEmail());
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

    private byte[] writtenByVersion2(List<AgreementAttestation> active, List<AgreementAttestation> withdrawn)
            throws IOException {
        Schema version2 = new Schema.Parser().parse(VERSION_2.toFile());
        Schema item = version2.getField("attestations").schema().getElementType();
        assertThat(item.getField("primaryContact"))
                .as("version 2 kept contact data")
                .isNotNull();
        GenericRecord state = new GenericData.Record(version2);
        state.put("customerId", CUSTOMER);
        List<GenericRecord> activeRecords = new java.util.ArrayList<>();
        for (AgreementAttestation a : active) {
            activeRecords.add(asGeneric(a, item));
        }
        List<GenericRecord> withdrawnRecords = new java.util.ArrayList<>();
        for (AgreementAttestation a : withdrawn) {
            withdrawnRecords.add(asGeneric(a, item));
        }
        state.put("attestations", activeRecords);
        state.put("withdrawals", withdrawnRecords);
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
