package io.agreementgate.topology.policy;

import static io.agreementgate.testkit.Samples.BEFORE_MANDATORY;
import static io.agreementgate.testkit.Samples.CLOUD_ERA;
import static io.agreementgate.testkit.Samples.MCA_ERA;
import static io.agreementgate.testkit.Samples.OTHER_PARTNER;
import static io.agreementgate.testkit.Samples.PARTNER;
import static io.agreementgate.testkit.Samples.PROVIDER;
import static io.agreementgate.testkit.Samples.RESELLER;
import static io.agreementgate.testkit.Samples.TRANSITION;
import static io.agreementgate.testkit.Samples.anAttestation;
import static io.agreementgate.testkit.Samples.anOrder;
import static io.agreementgate.testkit.Samples.item;
import static org.assertj.core.api.Assertions.assertThat;

import io.agreementgate.schema.AgreementAttestation;
import io.agreementgate.schema.AgreementType;
import io.agreementgate.schema.Evidence;
import io.agreementgate.schema.OrderRejectionCode;
import io.agreementgate.schema.OrderRejectionReason;
import io.agreementgate.schema.OrderType;
import io.agreementgate.schema.ProductType;
import io.agreementgate.schema.internal.AgreementOnRecord;
import io.agreementgate.testkit.Samples;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The order rules as the spec states them, one row per case: the order's era (and Azure plan), what is on record
 * (agreement type, by whom), the partner placing it, professional secrecy, and the verdict.
 */
class OrderRulesTest {
    private final OrderRules rules = new OrderRules(Policy.DEFAULTS);

    @ParameterizedTest(name = "{0} order{1} by {3}, {2} on record, secrecy {4} -> {5}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            # era      | azure | on record                        | ordered by   | secrecy | verdict
            CLOUD      |       | CLOUD by PARTNER                 | PARTNER      | no      | APPROVED
            CLOUD      |       | MCA by PARTNER                   | PARTNER      | no      | AGREEMENT_TYPE_NOT_ACCEPTED
            CLOUD      |       | -                                | PARTNER      | no      | ACCEPTANCE_MISSING
            CLOUD      |       | CLOUD by OTHER                   | PARTNER      | no      | ACCEPTANCE_BY_OTHER_PARTNER
            TRANSITION |       | CLOUD by PARTNER                 | PARTNER      | no      | APPROVED
            TRANSITION |       | MCA by PARTNER                   | PARTNER      | no      | APPROVED
            TRANSITION | azure | CLOUD by PARTNER                 | PARTNER      | no      | AGREEMENT_TYPE_NOT_ACCEPTED
            TRANSITION | azure | MCA by PARTNER                   | PARTNER      | no      | APPROVED
            MCA        |       | CLOUD by PARTNER                 | PARTNER      | no      | AGREEMENT_TYPE_NOT_ACCEPTED
            MCA        |       | MCA by PARTNER                   | PARTNER      | no      | APPROVED
            MCA        |       | MCA by OTHER                     | PARTNER      | no      | ACCEPTANCE_BY_OTHER_PARTNER
            MCA        |       | MCA by CUSTOMER                  | PARTNER      | no      | APPROVED
            MCA        |       | MCA by CUSTOMER                  | OTHER        | no      | APPROVED
            TRANSITION |       | CLOUD by CUSTOMER                | PARTNER      | no      | ACCEPTANCE_BY_OTHER_PARTNER
            MCA        |       | MCA by PROVIDER                  | RESELLER     | no      | APPROVED
            MCA        |       | MCA by RESELLER                  | RESELLER     | no      | ACCEPTANCE_BY_OTHER_PARTNER
            MCA        |       | MCA by PARTNER                   | PARTNER      | DE      | PROFESSIONAL_SECRECY_AGREEMENT_MISSING
            MCA        |       | MCA by PARTNER, SECRECY by PARTNER | PARTNER    | DE      | APPROVED
            MCA        |       | MCA by PARTNER, SECRECY by OTHER | PARTNER      | DE      | PROFESSIONAL_SECRECY_AGREEMENT_MISSING
            MCA        |       | MCA by CUSTOMER, SECRECY by CUSTOMER | PARTNER  | DE      | PROFESSIONAL_SECRECY_AGREEMENT_MISSING
            MCA        |       | MCA by PROVIDER, SECRECY by PROVIDER | RESELLER | DE      | APPROVED
            MCA        |       | MCA by PARTNER                   | PARTNER      | AT      | APPROVED
            MCA        |       | -                                | PARTNER      | DE      | ACCEPTANCE_MISSING PROFESSIONAL_SECRECY_AGREEMENT_MISSING
            MCA        |       | SECRECY by PARTNER               | PARTNER      | no      | ACCEPTANCE_MISSING
            BEFORE     |       | -                                | PARTNER      | DE      | EXEMPT
            """)
    void shouldJudgeEachCaseAsTheSpecSays(
            String era, String azure, String onRecord, String orderedBy, String secrecy, String verdict) {
        Samples.OrderBuilder order = anOrder().orderedAt(era(era));
        if ("azure".equals(azure)) {
            order.items(item(ProductType.AZURE_PLAN, 1), item(ProductType.LICENSE_SUBSCRIPTION, 1));
        }
        if (orderedBy.equals("RESELLER")) {
            order.resellerOf(RESELLER, PROVIDER);
        } else {
            order.partner(partner(orderedBy));
        }
        if (!secrecy.equals("no")) {
            order.professionalSecrecyIn(secrecy);
        }

        assertThat(outcome(rules.decide(order.build(), attestations(onRecord)))).isEqualTo(verdict);
    }

    @Test
    void shouldExemptAutoRenewalWhateverIsOnRecord() {
        OrderVerdict verdict =
                rules.decide(anOrder().type(OrderType.AUTO_RENEWAL).build(), List.of());

        assertThat(verdict.isApproved()).isTrue();
        assertThat(verdict.exemption()).contains("AUTO_RENEWAL");
    }

    @Test
    void shouldGiveTheAttestationAsEvidenceOfAnApproval() {
        OrderVerdict verdict = rules.decide(
                anOrder().build(), onRecord(anAttestation().id("att-mca").build()));

        assertThat(verdict.evidence()).singleElement().satisfies(e -> {
            assertThat(e.getAttestationId()).isEqualTo("att-mca");
            assertThat(e.getAttestedBy()).isEqualTo(PARTNER);
        });
    }

    @Test
    void shouldAskForTheCloudAgreementWhenAnOrderBeforeOctober2019HasOnlyAnMca() {
        String message = onlyMessage(rules.decide(
                anOrder().orderedAt(CLOUD_ERA).build(), onRecord(anAttestation().build())));

        assertThat(message)
                .contains("needs the Microsoft Cloud Agreement")
                .contains("accept the Microsoft Cloud Agreement")
                .doesNotContain("Customer Agreement and confirm")
                .doesNotContain("Azure");
    }

    @Test
    void shouldAskForTheCloudAgreementWhenNothingIsOnRecordForAnOrderBeforeOctober2019() {
        String message = onlyMessage(rules.decide(anOrder().orderedAt(CLOUD_ERA).build(), List.of()));

        assertThat(message).contains("Microsoft Cloud Agreement").doesNotContain("Customer Agreement");
    }

    @Test
    void shouldMentionTheAzurePlanRuleOnlyInsideTheTransitionWindow() {
        String message = onlyMessage(rules.decide(
                anOrder()
                        .orderedAt(TRANSITION)
                        .items(item(ProductType.AZURE_PLAN, 1))
                        .build(),
                onRecord(anAttestation().cloudAgreement().build())));

        assertThat(message).contains("Azure plan").contains("accept the Microsoft Customer Agreement");
    }

    @Test
    void shouldNotMentionTheAzurePlanRuleAfterTheTransitionWindow() {
        String message = onlyMessage(rules.decide(
                anOrder()
                        .orderedAt(MCA_ERA)
                        .items(item(ProductType.AZURE_PLAN, 1))
                        .build(),
                onRecord(anAttestation().cloudAgreement().build())));

        assertThat(message).contains("needs the Microsoft Customer Agreement").doesNotContain("Azure");
    }

    @Test
    void shouldNameBothPartnersWhenOnlyAnotherPartnerAttested() {
        String message = onlyMessage(rules.decide(
                anOrder().partner(PARTNER).build(),
                onRecord(anAttestation().by(OTHER_PARTNER).build())));

        assertThat(message).contains(OTHER_PARTNER, PARTNER);
    }

    @Test
    void shouldSayThatAResellersOwnAttestationDoesNotCount() {
        String message = onlyMessage(rules.decide(
                anOrder().resellerOf(RESELLER, PROVIDER).build(),
                onRecord(anAttestation().by(RESELLER).build())));

        assertThat(message).contains("reseller's own does not count");
    }

    @Test
    void shouldGiveTheIndirectProvidersAttestationAsEvidenceOfItsResellersOrder() {
        OrderVerdict verdict = rules.decide(
                anOrder().resellerOf(RESELLER, PROVIDER).build(),
                onRecord(anAttestation().by(PROVIDER).build()));

        assertThat(verdict.evidence()).extracting(Evidence::getAttestedBy).containsExactly(PROVIDER);
    }

    @Test
    void shouldGiveTheCustomersOwnAcceptanceAsEvidenceForAnyPartner() {
        OrderVerdict verdict = rules.decide(
                anOrder().partner(OTHER_PARTNER).build(),
                onRecord(anAttestation().customerDirect().build()));

        assertThat(verdict.evidence()).extracting(Evidence::getAttestedBy).containsExactly("CUSTOMER_DIRECT");
    }

    @Test
    void shouldGiveOnlyThePartnerOfRecordsAttestationWhenACustomerMovedToANewPartner() {
        OrderVerdict verdict = rules.decide(
                anOrder().partner(PARTNER).build(),
                onRecord(
                        anAttestation().id("att-old").by(OTHER_PARTNER).build(),
                        anAttestation().id("att-new").by(PARTNER).build()));

        assertThat(verdict.evidence()).extracting(Evidence::getAttestationId).containsExactly("att-new");
    }

    @Test
    void shouldGiveTheCloudAgreementAsEvidenceOfAnOrderBeforeOctober2019() {
        OrderVerdict verdict = rules.decide(
                anOrder().orderedAt(CLOUD_ERA).build(),
                onRecord(anAttestation().cloudAgreement().build()));

        assertThat(verdict.evidence())
                .extracting(Evidence::getAgreementType)
                .containsExactly(AgreementType.MICROSOFT_CLOUD_AGREEMENT);
    }

    @Test
    void shouldGiveBothAgreementsAsEvidenceOfAProfessionalSecrecyOrder() {
        OrderVerdict verdict = rules.decide(
                anOrder().professionalSecrecyIn("DE").build(),
                onRecord(
                        anAttestation().id("att-mca").build(),
                        anAttestation().id("att-secrecy").professionalSecrecy().build()));

        assertThat(verdict.evidence()).extracting(Evidence::getAttestationId).containsExactly("att-mca", "att-secrecy");
    }

    @Test
    void shouldNameTheDateConfirmationBecameMandatoryInTheExemptionOfAnOlderOrder() {
        OrderVerdict verdict =
                rules.decide(anOrder().orderedAt(BEFORE_MANDATORY).build(), List.of());

        assertThat(verdict.exemption()).contains("2018-11-07");
        assertThat(verdict.evidence()).isEmpty();
    }

    private static String onlyMessage(OrderVerdict verdict) {
        assertThat(verdict.reasons()).hasSize(1);
        return verdict.reasons().get(0).getMessage();
    }

    private static Instant era(String era) {
        return switch (era) {
            case "BEFORE" -> BEFORE_MANDATORY;
            case "CLOUD" -> CLOUD_ERA;
            case "TRANSITION" -> TRANSITION;
            case "MCA" -> MCA_ERA;
            default -> throw new IllegalArgumentException(era);
        };
    }

    private static String partner(String name) {
        return switch (name) {
            case "PARTNER" -> PARTNER;
            case "OTHER" -> OTHER_PARTNER;
            case "PROVIDER" -> PROVIDER;
            case "RESELLER" -> RESELLER;
            default -> throw new IllegalArgumentException(name);
        };
    }

    /** "MCA by PARTNER, SECRECY by OTHER" → attestations; "-" (null) → none. */
    private static List<AgreementOnRecord> onRecord(AgreementAttestation... attestations) {
        return Arrays.stream(attestations).map(AgreementBook::onRecord).toList();
    }

    private static List<AgreementOnRecord> attestations(String onRecord) {
        List<AgreementOnRecord> attestations = new ArrayList<>();
        if (onRecord == null) {
            return attestations;
        }
        int n = 0;
        for (String entry : onRecord.split(",", -1)) {
            String[] parts = entry.trim().split(" by ", -1);
            Samples.AttestationBuilder a = anAttestation().id("att-" + n++);
            switch (parts[0]) {
                case "MCA" -> {}
                case "CLOUD" -> a.cloudAgreement();
                case "SECRECY" -> a.professionalSecrecy();
                default -> throw new IllegalArgumentException(parts[0]);
            }
            if (parts[1].equals("CUSTOMER")) {
                a.customerDirect();
            } else {
                a.by(partner(parts[1]));
            }
            attestations.add(AgreementBook.onRecord(a.build()));
        }
        return attestations;
    }

    private static String outcome(OrderVerdict verdict) {
        if (verdict.isApproved()) {
            return verdict.exemption() != null ? "EXEMPT" : "APPROVED";
        }
        return String.join(
                " ",
                verdict.reasons().stream()
                        .map(OrderRejectionReason::getCode)
                        .map(OrderRejectionCode::name)
                        .toList());
    }
}
