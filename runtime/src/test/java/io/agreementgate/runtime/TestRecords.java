package io.agreementgate.runtime;

import io.agreementgate.schema.AgreementAttestation;
import io.agreementgate.schema.AgreementType;
import io.agreementgate.schema.AttestationSource;
import io.agreementgate.schema.AttestationStatus;
import io.agreementgate.schema.Contact;
import io.agreementgate.schema.LineItem;
import io.agreementgate.schema.Order;
import io.agreementgate.schema.OrderType;
import io.agreementgate.schema.ProductType;
import io.agreementgate.topology.policy.Policy;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Orders and attestations for the integration tests, with unique ids so tests on one cluster never meet. */
public final class TestRecords {
    public static final String PARTNER = "partner-adatum";
    public static final String OTHER_PARTNER = "partner-fabrikam";
    public static final Instant ORDERED_AT = Instant.parse("2024-03-01T10:00:00Z");

    private TestRecords() {}

    public static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    public static AgreementAttestation mca(String customerId) {
        return AgreementAttestation.newBuilder()
                .setAttestationId(unique("att"))
                .setCustomerId(customerId)
                .setPartnerId(PARTNER)
                .setAgreementType(AgreementType.MICROSOFT_CUSTOMER_AGREEMENT)
                .setTemplateId(Policy.MCA_TEMPLATE)
                .setDateAgreed(Instant.parse("2023-05-10T09:00:00Z"))
                .setRecordedAt(Instant.parse("2023-05-10T09:05:00Z"))
                .setPrimaryContact(new Contact("Ada", "Lovelace", "ada@contoso.com", null))
                .setUserId("user-1")
                .setSource(AttestationSource.PARTNER_CENTER_API)
                .setStatus(AttestationStatus.ACTIVE)
                .build();
    }

    public static Order.Builder order(String customerId) {
        return Order.newBuilder()
                .setOrderId(unique("order"))
                .setCustomerId(customerId)
                .setPartnerId(PARTNER)
                .setIndirectProviderId(null)
                .setOrderType(OrderType.NEW_PURCHASE)
                .setOrderedAt(ORDERED_AT)
                .setCustomerCountry("US")
                .setProfessionalSecrecy(false)
                .setLineItems(List.of(new LineItem("offer-e3", ProductType.LICENSE_SUBSCRIPTION, 5)));
    }
}
