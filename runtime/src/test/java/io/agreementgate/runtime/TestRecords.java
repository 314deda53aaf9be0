package io.agreementgate.runtime;

import io.agreementgate.schema.AgreementAttestation;
import io.agreementgate.schema.Order;
import io.agreementgate.testkit.Samples;
import java.time.Instant;

/** The shared samples with unique ids, so integration tests on one cluster never meet. */
public final class TestRecords {
    public static final String PARTNER = Samples.PARTNER;
    public static final String OTHER_PARTNER = Samples.OTHER_PARTNER;
    public static final Instant ORDERED_AT = Samples.MCA_ERA;

    private TestRecords() {}

    public static String unique(String prefix) {
        return Samples.unique(prefix);
    }

    /** A valid MCA attestation by {@link #PARTNER} for this customer. */
    public static AgreementAttestation mca(String customerId) {
        return Samples.anAttestation().id(unique("att")).customer(customerId).build();
    }

    /** An order of this customer by {@link #PARTNER} that {@link #mca} approves, as Avro's builder. */
    public static Order.Builder order(String customerId) {
        return Samples.anOrder().id(unique("order")).customer(customerId).avro();
    }
}
