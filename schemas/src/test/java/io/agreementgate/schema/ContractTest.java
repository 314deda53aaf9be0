package io.agreementgate.schema;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

/** The field names and enum symbols are the contract with distributor backends: pin them. */
class ContractTest {

    @Test
    void shouldKeepTheAttestationFieldsOfTheSpec() {
        assertThat(fieldNames(AgreementAttestation.getClassSchema()))
                .containsExactly(
                        "attestationId",
                        "customerId",
                        "partnerId",
                        "agreementType",
                        "templateId",
                        "dateAgreed",
                        "recordedAt",
                        "primaryContact",
                        "userId",
                        "source",
                        "status");
        assertThat(AgreementAttestation.getClassSchema().getField("status").defaultVal())
                .isEqualTo("ACTIVE");
    }

    @Test
    void shouldKeepTheOrderFieldsOfTheSpec() {
        assertThat(fieldNames(Order.getClassSchema()))
                .containsExactly(
                        "orderId",
                        "customerId",
                        "partnerId",
                        "indirectProviderId",
                        "orderType",
                        "orderedAt",
                        "customerCountry",
                        "professionalSecrecy",
                        "lineItems");
        assertThat(Order.getClassSchema().getField("professionalSecrecy").defaultVal())
                .isEqualTo(false);
    }

    @Test
    void shouldKeepTheDecisionFieldsOfTheSpec() {
        // The spec's fields first, then the gate's own additions (nullable, defaulted): where the approved order was
        // read from and with which writer schema, so fulfilment can tell it got the gate's reading of a newer order.
        assertThat(fieldNames(ApprovedOrder.getClassSchema()))
                .containsExactly(
                        "order",
                        "decidedAt",
                        "evidence",
                        "exemption",
                        "policyVersion",
                        "orderWriterSchemaId",
                        "orderSource");
        assertThat(fieldNames(RejectedOrder.getClassSchema()))
                .containsExactly("order", "decidedAt", "reasons", "waitedMs", "policyVersion");
        assertThat(fieldNames(RejectedAttestation.getClassSchema()))
                .containsExactly("attestation", "decidedAt", "reasons");
        assertThat(fieldNames(Evidence.getClassSchema()))
                .containsExactly("attestationId", "agreementType", "templateId", "dateAgreed", "attestedBy");
    }

    @Test
    void shouldKeepTheEnumSymbolsOfTheSpec() {
        assertThat(AgreementType.getClassSchema().getEnumSymbols())
                .containsExactly(
                        "MICROSOFT_CLOUD_AGREEMENT", "MICROSOFT_CUSTOMER_AGREEMENT", "PROFESSIONAL_SECRECY_AGREEMENT");
        assertThat(OrderType.getClassSchema().getEnumSymbols())
                .containsExactly("NEW_PURCHASE", "CHANGE_LICENSE_QUANTITY", "AUTO_RENEWAL");
        assertThat(ProductType.getClassSchema().getEnumSymbols())
                .containsExactly(
                        "LICENSE_SUBSCRIPTION", "SOFTWARE", "SOFTWARE_SUBSCRIPTION", "RESERVED_INSTANCE", "AZURE_PLAN");
        assertThat(OrderRejectionCode.getClassSchema().getEnumSymbols())
                .containsExactly(
                        "INVALID_ORDER",
                        "ACCEPTANCE_MISSING",
                        "ACCEPTANCE_BY_OTHER_PARTNER",
                        "AGREEMENT_TYPE_NOT_ACCEPTED",
                        "PROFESSIONAL_SECRECY_AGREEMENT_MISSING");
        assertThat(AttestationRejectionCode.getClassSchema().getEnumSymbols())
                .containsExactly(
                        "DATE_AGREED_IN_FUTURE",
                        "CONTACT_INCOMPLETE",
                        "CONTACT_EMAIL_INVALID",
                        "TEMPLATE_UNKNOWN",
                        "TEMPLATE_MISMATCH",
                        "AGREEMENT_NO_LONGER_ACCEPTED",
                        "CUSTOMER_KEY_MISMATCH",
                        "INVALID_ATTESTATION");
        assertThat(AttestationSource.getClassSchema().getEnumSymbols())
                .containsExactly("PARTNER_CENTER_API", "PARTNER_CENTER_DASHBOARD", "CUSTOMER_DIRECT");
        assertThat(AttestationStatus.getClassSchema().getEnumSymbols()).containsExactly("ACTIVE", "WITHDRAWN");
    }

    @Test
    void shouldStoreInstantsAsTimestampMillis() {
        assertThat(Order.getClassSchema()
                        .getField("orderedAt")
                        .schema()
                        .getLogicalType()
                        .getName())
                .isEqualTo("timestamp-millis");
        assertThat(AgreementAttestation.getClassSchema()
                        .getField("dateAgreed")
                        .schema()
                        .getLogicalType()
                        .getName())
                .isEqualTo("timestamp-millis");
    }

    private static java.util.List<String> fieldNames(Schema schema) {
        return schema.getFields().stream().map(Schema.Field::name).toList();
    }
}
