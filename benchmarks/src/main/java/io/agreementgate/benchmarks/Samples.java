package io.agreementgate.benchmarks;

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

/** Realistic records for the benchmarks: what a distributor backend would send. */
public final class Samples {
    private static final Instant AGREED = Instant.parse("2023-05-10T09:00:00Z");

    private Samples() {}

    public static String customerId(long i) {
        return "cust-" + i;
    }

    public static String partnerId(long customer) {
        return "partner-" + (customer % 500);
    }

    /** One customer in ten is bound by professional secrecy (and German), so needs the extra agreement. */
    public static boolean bySecrecy(long customer) {
        return customer % 10 == 0;
    }

    public static AgreementAttestation attestation(long customer, AgreementType type) {
        return new AgreementAttestation(
                "att-" + customer + "-" + type.name(),
                customerId(customer),
                partnerId(customer),
                type,
                type == AgreementType.MICROSOFT_CUSTOMER_AGREEMENT ? Policy.MCA_TEMPLATE : null,
                AGREED,
                AGREED.plusSeconds(60),
                new Contact("Ada", "Lovelace", "ada.lovelace@contoso.com", "+49 30 1234567"),
                "user-" + customer,
                AttestationSource.PARTNER_CENTER_API,
                AttestationStatus.ACTIVE);
    }

    public static Order order(long sequence, long customer, Instant orderedAt) {
        return new Order(
                "order-" + sequence,
                customerId(customer),
                partnerId(customer),
                null,
                OrderType.NEW_PURCHASE,
                orderedAt,
                "DE",
                bySecrecy(customer),
                List.of(
                        new LineItem("CFQ7TTC0LH18:0001", ProductType.LICENSE_SUBSCRIPTION, 25),
                        new LineItem("DZH318Z0BQ3Q:0007", ProductType.AZURE_PLAN, 1)));
    }
}
