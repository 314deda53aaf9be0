package io.agreementgate.resilience;

import io.agreementgate.schema.AgreementAttestation;
import io.agreementgate.schema.Order;
import io.agreementgate.schema.ProductType;
import io.agreementgate.testkit.Samples;

/**
 * The shared samples, one partner per customer (the partner of customer {@code cust-N} is {@code partner-cust-N}) so
 * that every order of the traffic is approvable, and orders told apart by a sequence number.
 */
final class Records {
    private Records() {}

    static String partnerOf(String customerId) {
        return "partner-" + customerId;
    }

    static Order order(String orderId, String customerId, int sequence) {
        return Samples.anOrder()
                .id(orderId)
                .customer(customerId)
                .partner(partnerOf(customerId))
                .orderedAt(Samples.MCA_ERA.plusSeconds(sequence))
                .items(Samples.item(ProductType.LICENSE_SUBSCRIPTION, 1 + sequence % 20))
                .build();
    }

    static AgreementAttestation attestation(String customerId) {
        return Samples.anAttestation()
                .id("att-" + customerId)
                .customer(customerId)
                .by(partnerOf(customerId))
                .build();
    }
}
