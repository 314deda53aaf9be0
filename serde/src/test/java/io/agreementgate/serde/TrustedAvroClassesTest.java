package io.agreementgate.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.agreementgate.schema.AttestationRejectionCode;
import io.agreementgate.schema.AttestationRejectionReason;
import io.agreementgate.schema.RejectedAttestation;
import java.util.List;
import org.apache.avro.specific.SpecificData;
import org.junit.jupiter.api.Test;

/**
 * Avro 1.12.2 refuses to load untrusted classes by name, generated ones included. Uses a contract type that no other
 * test in this JVM touches, since trust is global.
 */
class TrustedAvroClassesTest {

    @Test
    void shouldLetAvroInstantiateTheGeneratedClassesOfATrustedTypeAndItsNestedTypes() {
        AttestationRejectionReason reason = AttestationRejectionReason.newBuilder()
                .setCode(AttestationRejectionCode.CONTACT_INCOMPLETE)
                .setMessage("no email")
                .build();
        SpecificData model = SpecificData.getForClass(AttestationRejectionReason.class);

        assertThatThrownBy(() -> model.deepCopy(reason.getSchema(), reason))
                .isInstanceOf(SecurityException.class)
                .hasMessageContaining("not trusted");

        TrustedAvroClasses.trust(RejectedAttestation.class);

        assertThat(model.deepCopy(reason.getSchema(), reason)).isEqualTo(reason).isNotSameAs(reason);
        assertThat(List.of(RejectedAttestation.class, AttestationRejectionReason.class, AttestationRejectionCode.class))
                .allSatisfy(type ->
                        assertThat(SpecificData.get().getClass(schemaOf(type))).isEqualTo(type));
    }

    private static org.apache.avro.Schema schemaOf(Class<?> type) {
        return SpecificData.get().getSchema(type);
    }
}
