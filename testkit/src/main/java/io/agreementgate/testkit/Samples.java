package io.agreementgate.testkit;

import io.agreementgate.schema.AgreementAttestation;
import io.agreementgate.schema.AgreementType;
import io.agreementgate.schema.AttestationSource;
import io.agreementgate.schema.AttestationStatus;
import io.agreementgate.schema.Contact;
import io.agreementgate.schema.LineItem;
import io.agreementgate.schema.Order;
import io.agreementgate.schema.OrderType;
import io.agreementgate.schema.ProductType;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * Sample orders and attestations for every module's tests and the benchmarks: small builders with fixed instants, so
 * each test states only what matters to it. The defaults make a valid MCA attestation by {@link #PARTNER} and an
 * order of {@link #CUSTOMER} by that partner that it approves.
 */
public final class Samples {
    /** Microsoft Customer Agreement template (the policy's default list; checked against it in the topology tests). */
    public static final String MCA_TEMPLATE = "117a77b0-9360-443b-8795-c6dedc750cf9";
    /** Microsoft Cloud Agreement template. */
    public static final String CLOUD_AGREEMENT_TEMPLATE = "998b88de-aa99-4388-a42c-1b3517d49490";

    public static final String CUSTOMER = "cust-contoso";
    public static final String PARTNER = "partner-adatum";
    public static final String OTHER_PARTNER = "partner-fabrikam";
    public static final String PROVIDER = "provider-tailspin";
    public static final String RESELLER = "reseller-litware";

    /** After the Cloud Agreement was retired: only the MCA counts. */
    public static final Instant MCA_ERA = Instant.parse("2024-03-01T10:00:00Z");
    /** Inside the transition window, 2019-10-01 to 2020-01-31: either agreement counts. */
    public static final Instant TRANSITION = Instant.parse("2019-12-02T10:00:00Z");
    /** Before the MCA existed, after confirmation became mandatory: only the Cloud Agreement counts. */
    public static final Instant CLOUD_ERA = Instant.parse("2019-03-04T10:00:00Z");
    /** Before partner confirmation became mandatory on 2018-11-07. */
    public static final Instant BEFORE_MANDATORY = Instant.parse("2018-06-01T10:00:00Z");

    private Samples() {}

    /** A readable id no other test on a shared cluster uses: {@code prefix-1a2b3c4d}. */
    public static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    public static OrderBuilder anOrder() {
        return new OrderBuilder();
    }

    public static AttestationBuilder anAttestation() {
        return new AttestationBuilder();
    }

    public static final class OrderBuilder {
        private final Order.Builder order = Order.newBuilder()
                .setOrderId("order-1")
                .setCustomerId(CUSTOMER)
                .setPartnerId(PARTNER)
                .setIndirectProviderId(null)
                .setOrderType(OrderType.NEW_PURCHASE)
                .setOrderedAt(MCA_ERA)
                .setCustomerCountry("US")
                .setProfessionalSecrecy(false)
                .setLineItems(List.of(item(ProductType.LICENSE_SUBSCRIPTION, 5)));

        public OrderBuilder id(String id) {
            order.setOrderId(id);
            return this;
        }

        public OrderBuilder customer(String customerId) {
            order.setCustomerId(customerId);
            return this;
        }

        public OrderBuilder partner(String partnerId) {
            order.setPartnerId(partnerId);
            return this;
        }

        public OrderBuilder resellerOf(String reseller, String provider) {
            order.setPartnerId(reseller).setIndirectProviderId(provider);
            return this;
        }

        public OrderBuilder type(OrderType type) {
            order.setOrderType(type);
            return this;
        }

        public OrderBuilder orderedAt(Instant at) {
            order.setOrderedAt(at);
            return this;
        }

        public OrderBuilder professionalSecrecyIn(String country) {
            order.setProfessionalSecrecy(true).setCustomerCountry(country);
            return this;
        }

        public OrderBuilder items(LineItem... items) {
            order.setLineItems(List.of(items));
            return this;
        }

        public Order build() {
            return order.build();
        }

        /** Avro's own builder, set up as this one is, for the fields this builder has no method for. */
        public Order.Builder avro() {
            return order;
        }
    }

    public static LineItem item(ProductType type, int quantity) {
        return new LineItem("offer-" + type.name().toLowerCase(Locale.ROOT), type, quantity);
    }

    public static final class AttestationBuilder {
        private final AgreementAttestation.Builder attestation = AgreementAttestation.newBuilder()
                .setAttestationId("att-1")
                .setCustomerId(CUSTOMER)
                .setPartnerId(PARTNER)
                .setAgreementType(AgreementType.MICROSOFT_CUSTOMER_AGREEMENT)
                .setTemplateId(MCA_TEMPLATE)
                .setDateAgreed(Instant.parse("2023-05-10T09:00:00Z"))
                .setRecordedAt(Instant.parse("2023-05-10T09:05:00Z"))
                .setPrimaryContact(new Contact("Ada", "Lovelace", "ada@contoso.com", null))
                .setUserId("user-1")
                .setSource(AttestationSource.PARTNER_CENTER_API)
                .setStatus(AttestationStatus.ACTIVE);

        public AttestationBuilder id(String id) {
            attestation.setAttestationId(id);
            return this;
        }

        public AttestationBuilder customer(String customerId) {
            attestation.setCustomerId(customerId);
            return this;
        }

        public AttestationBuilder by(String partnerId) {
            attestation.setPartnerId(partnerId);
            return this;
        }

        public AttestationBuilder customerDirect() {
            attestation.setSource(AttestationSource.CUSTOMER_DIRECT).setPartnerId(null);
            return this;
        }

        public AttestationBuilder source(AttestationSource source) {
            attestation.setSource(source);
            return this;
        }

        public AttestationBuilder cloudAgreement() {
            attestation
                    .setAgreementType(AgreementType.MICROSOFT_CLOUD_AGREEMENT)
                    .setTemplateId(CLOUD_AGREEMENT_TEMPLATE)
                    .setDateAgreed(Instant.parse("2019-01-15T09:00:00Z"))
                    .setRecordedAt(Instant.parse("2019-01-15T09:05:00Z"));
            return this;
        }

        public AttestationBuilder professionalSecrecy() {
            attestation
                    .setAgreementType(AgreementType.PROFESSIONAL_SECRECY_AGREEMENT)
                    .setTemplateId(null);
            return this;
        }

        public AttestationBuilder type(AgreementType type) {
            attestation.setAgreementType(type);
            return this;
        }

        public AttestationBuilder template(String templateId) {
            attestation.setTemplateId(templateId);
            return this;
        }

        public AttestationBuilder agreedAt(Instant at) {
            attestation.setDateAgreed(at);
            return this;
        }

        public AttestationBuilder recordedAt(Instant at) {
            attestation.setRecordedAt(at);
            return this;
        }

        public AttestationBuilder contact(String first, String last, String email) {
            attestation.setPrimaryContact(new Contact(first, last, email, null));
            return this;
        }

        public AttestationBuilder withdrawn() {
            attestation.setStatus(AttestationStatus.WITHDRAWN);
            return this;
        }

        public AgreementAttestation build() {
            return attestation.build();
        }

        /** Avro's own builder, set up as this one is, for the fields this builder has no method for. */
        public AgreementAttestation.Builder avro() {
            return attestation;
        }
    }
}
