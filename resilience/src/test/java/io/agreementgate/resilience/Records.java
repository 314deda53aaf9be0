package io.agreementgate.resilience;

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

/** Valid orders and attestations; the partner of customer {@code cust-N} is {@code partner-cust-N}. */
final class Records {
    private Records() {}

    static String partnerOf(String customerId) {
        return "partner-" + customerId;
    }

    static Order order(String orderId, String customerId, int sequence) {
        return new Order(
                orderId,
                customerId,
                partnerOf(customerId),
                null,
                OrderType.NEW_PURCHASE,
                Instant.parse("2024-03-01T10:00:00Z").plusSeconds(sequence),
                "US",
                false,
                List.of(new LineItem("CFQ7TTC0LH18:0001", ProductType.LICENSE_SUBSCRIPTION, 1 + sequence % 20)));
    }

    static AgreementAttestation attestation(String customerId) {
        return new AgreementAttestation(
                "att-" + customerId,
                customerId,
                partnerOf(customerId),
                AgreementType.MICROSOFT_CUSTOMER_AGREEMENT,
                Policy.MCA_TEMPLATE,
                Instant.parse("2023-05-10T09:00:00Z"),
                Instant.parse("2023-05-10T09:01:00Z"),
                new Contact("Ada", "Lovelace", "ada@contoso.com", null),
                null,
                AttestationSource.PARTNER_CENTER_API,
                AttestationStatus.ACTIVE);
    }
}
