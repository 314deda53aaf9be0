package io.agreementgate.runtime.demo;

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
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;

/**
 * The demo's records: one story per outcome the gate can reach. Customer and order ids carry a run id, so a demo run
 * on a data folder that already saw one is judged on its own records (an approved order id is never approved again).
 */
public final class DemoScenario {
    static final String PARTNER = "partner-adatum";
    static final String OTHER_PARTNER = "partner-fabrikam";

    /**
     * One record to send.
     *
     * @param pauseBefore how long to wait before sending it (the late attestation comes after its order)
     * @param expect what the gate should decide, shown as the record is sent
     */
    public record Step(boolean attestation, String key, SpecificRecord value, Duration pauseBefore, String expect) {}

    private final String run;
    private final Instant now;
    private final List<Step> steps = new ArrayList<>();

    private DemoScenario(String run, Instant now) {
        this.run = run;
        this.now = now;
    }

    /** The steps of one demo run. */
    public static List<Step> steps(String run, Instant now) {
        return new DemoScenario(run, now).build();
    }

    private List<Step> build() {
        String contoso = customer("contoso");
        String fabrikam = customer("fabrikam");
        String northwind = customer("northwind");
        String praxis = customer("praxis-dr-weber");
        String kanzlei = customer("kanzlei-roth");
        String litware = customer("litware");
        String tailspin = customer("tailspin");

        attestation(mca(contoso, "mca"), "valid: the MCA, confirmed by " + PARTNER);
        attestation(
                AgreementAttestation.newBuilder(mca(northwind, "cloud"))
                        .setAgreementType(AgreementType.MICROSOFT_CLOUD_AGREEMENT)
                        .setTemplateId(Policy.CLOUD_AGREEMENT_TEMPLATE)
                        .setDateAgreed(Instant.parse("2019-01-15T09:00:00Z"))
                        .setRecordedAt(Instant.parse("2019-01-15T09:05:00Z"))
                        .build(),
                "valid: a Cloud Agreement recorded in 2019");
        attestation(mca(praxis, "mca"), "valid: the MCA, but no professional-secrecy agreement");
        attestation(mca(kanzlei, "mca"), "valid: the MCA");
        attestation(
                AgreementAttestation.newBuilder(mca(kanzlei, "secrecy"))
                        .setAgreementType(AgreementType.PROFESSIONAL_SECRECY_AGREEMENT)
                        .setTemplateId(null)
                        .build(),
                "valid: the professional-secrecy agreement (§203 StGB)");
        attestation(
                AgreementAttestation.newBuilder(mca(tailspin, "bad"))
                        .setTemplateId(Policy.CLOUD_AGREEMENT_TEMPLATE)
                        .setPrimaryContact(new Contact("Pat", "Doe", "pat-at-tailspin", null))
                        .build(),
                "REJECTED attestation: TEMPLATE_MISMATCH, CONTACT_EMAIL_INVALID");

        order(order(contoso, "new-purchase").build(), "APPROVED with the MCA as evidence");
        order(order(fabrikam, "renewal").setOrderType(OrderType.AUTO_RENEWAL).build(), "APPROVED, exempt");
        order(order(fabrikam, "no-items").setLineItems(List.of()).build(), "REJECTED INVALID_ORDER at once");
        order(
                order(kanzlei, "secrecy")
                        .setProfessionalSecrecy(true)
                        .setCustomerCountry("DE")
                        .build(),
                "APPROVED with the MCA and the professional-secrecy agreement");
        order(order(fabrikam, "unconfirmed").build(), "REJECTED ACCEPTANCE_MISSING when its wait ends");
        order(
                order(contoso, "other-partner").setPartnerId(OTHER_PARTNER).build(),
                "REJECTED ACCEPTANCE_BY_OTHER_PARTNER when its wait ends");
        order(order(northwind, "cloud-only").build(), "REJECTED AGREEMENT_TYPE_NOT_ACCEPTED when its wait ends");
        order(
                order(praxis, "no-secrecy")
                        .setProfessionalSecrecy(true)
                        .setCustomerCountry("DE")
                        .build(),
                "REJECTED PROFESSIONAL_SECRECY_AGREEMENT_MISSING when its wait ends");
        order(order(litware, "late-attestation").build(), "waits for an attestation that follows in 2 s");
        steps.add(new Step(
                true,
                litware,
                mca(litware, "late"),
                Duration.ofSeconds(2),
                "the late attestation: releases the waiting order, APPROVED"));
        return List.copyOf(steps);
    }

    private String customer(String name) {
        return name + "-" + run;
    }

    private void attestation(AgreementAttestation attestation, String expect) {
        steps.add(new Step(true, attestation.getCustomerId(), attestation, Duration.ZERO, expect));
    }

    private void order(Order order, String expect) {
        steps.add(new Step(false, order.getCustomerId(), order, Duration.ZERO, expect));
    }

    private AgreementAttestation mca(String customerId, String suffix) {
        return AgreementAttestation.newBuilder()
                .setAttestationId("att-" + customerId + "-" + suffix)
                .setCustomerId(customerId)
                .setPartnerId(PARTNER)
                .setAgreementType(AgreementType.MICROSOFT_CUSTOMER_AGREEMENT)
                .setTemplateId(Policy.MCA_TEMPLATE)
                .setDateAgreed(now.minus(Duration.ofDays(30)))
                .setRecordedAt(now.minus(Duration.ofDays(30)).plusSeconds(300))
                .setPrimaryContact(new Contact("Ada", "Lovelace", "ada@" + customerId + ".com", null))
                .setUserId("user-" + customerId)
                .setSource(AttestationSource.PARTNER_CENTER_API)
                .setStatus(AttestationStatus.ACTIVE)
                .build();
    }

    private Order.Builder order(String customerId, String suffix) {
        return Order.newBuilder()
                .setOrderId("order-" + run + "-" + suffix)
                .setCustomerId(customerId)
                .setPartnerId(PARTNER)
                .setIndirectProviderId(null)
                .setOrderType(OrderType.NEW_PURCHASE)
                .setOrderedAt(now)
                .setCustomerCountry("US")
                .setProfessionalSecrecy(false)
                .setLineItems(List.of(new LineItem("offer-m365-e3", ProductType.LICENSE_SUBSCRIPTION, 25)));
    }
}
