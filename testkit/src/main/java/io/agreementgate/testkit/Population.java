package io.agreementgate.testkit;

import io.agreementgate.schema.AgreementAttestation;
import io.agreementgate.schema.AgreementType;
import io.agreementgate.schema.Contact;
import io.agreementgate.schema.LineItem;
import io.agreementgate.schema.Order;
import io.agreementgate.schema.ProductType;
import java.time.Instant;
import java.util.List;

/**
 * Many customers of a distributor, numbered, with realistic records (full contact, real-looking offer ids): what the
 * benchmarks and load runs send. Customer {@code n} is {@code cust-n}; 500 partners share the customers; one customer
 * in ten is bound by professional secrecy (and German), so needs the extra agreement. {@link Samples} gives single
 * records for the rule tests.
 */
public final class Population {
    private static final Instant AGREED = Instant.parse("2023-05-10T09:00:00Z");
    private static final int PARTNERS = 500;

    private Population() {}

    public static String customerId(long customer) {
        return "cust-" + customer;
    }

    public static String partnerId(long customer) {
        return "partner-" + (customer % PARTNERS);
    }

    public static boolean bySecrecy(long customer) {
        return customer % 10 == 0;
    }

    /** This customer's agreement of this type, recorded a minute after it was agreed. */
    public static AgreementAttestation attestation(long customer, AgreementType type) {
        return Samples.anAttestation()
                .id("att-" + customer + "-" + type.name())
                .customer(customerId(customer))
                .by(partnerId(customer))
                .type(type)
                .template(type == AgreementType.MICROSOFT_CUSTOMER_AGREEMENT ? Samples.MCA_TEMPLATE : null)
                .agreedAt(AGREED)
                .recordedAt(AGREED.plusSeconds(60))
                .avro()
                .setPrimaryContact(new Contact("Ada", "Lovelace", "ada.lovelace@contoso.com", "+49 30 1234567"))
                .setUserId("user-" + customer)
                .build();
    }

    /** The order {@code order-sequence} of this customer: a licence subscription and an Azure plan, from Germany. */
    public static Order order(long sequence, long customer, Instant orderedAt) {
        return Samples.anOrder()
                .id("order-" + sequence)
                .customer(customerId(customer))
                .partner(partnerId(customer))
                .orderedAt(orderedAt)
                .avro()
                .setCustomerCountry("DE")
                .setProfessionalSecrecy(bySecrecy(customer))
                .setLineItems(List.of(
                        new LineItem("CFQ7TTC0LH18:0001", ProductType.LICENSE_SUBSCRIPTION, 25),
                        new LineItem("DZH318Z0BQ3Q:0007", ProductType.AZURE_PLAN, 1)))
                .build();
    }
}
