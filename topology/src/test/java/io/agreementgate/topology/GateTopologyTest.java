package io.agreementgate.topology;

import static io.agreementgate.topology.TestData.BEFORE_MANDATORY;
import static io.agreementgate.topology.TestData.CLOUD_ERA;
import static io.agreementgate.topology.TestData.CUSTOMER;
import static io.agreementgate.topology.TestData.MCA_ERA;
import static io.agreementgate.topology.TestData.OTHER_PARTNER;
import static io.agreementgate.topology.TestData.PARTNER;
import static io.agreementgate.topology.TestData.PROVIDER;
import static io.agreementgate.topology.TestData.RESELLER;
import static io.agreementgate.topology.TestData.TRANSITION;
import static io.agreementgate.topology.TestData.anAttestation;
import static io.agreementgate.topology.TestData.anOrder;
import static io.agreementgate.topology.TestData.item;
import static org.assertj.core.api.Assertions.assertThat;

import io.agreementgate.schema.AgreementType;
import io.agreementgate.schema.ApprovedOrder;
import io.agreementgate.schema.AttestationRejectionCode;
import io.agreementgate.schema.AttestationRejectionReason;
import io.agreementgate.schema.Evidence;
import io.agreementgate.schema.OrderRejectionCode;
import io.agreementgate.schema.OrderRejectionReason;
import io.agreementgate.schema.OrderType;
import io.agreementgate.schema.ProductType;
import io.agreementgate.schema.RejectedAttestation;
import io.agreementgate.schema.RejectedOrder;
import java.util.List;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class GateTopologyTest {

    /** Orders are decided at once (no wait), so each test sees its decision immediately. */
    @Nested
    class Deciding {
        private final GateDriver gate = GateDriver.withoutWaiting();

        @AfterEach
        void close() {
            gate.close();
        }

        @Test
        void shouldApproveOrderWhenPartnerAttestedCustomerAgreement() {
            gate.send(anAttestation().id("att-mca").build());
            gate.send(anOrder().build());

            ApprovedOrder approved = onlyApproved();
            assertThat(approved.getEvidence())
                    .extracting(Evidence::getAttestationId, Evidence::getAgreementType, Evidence::getAttestedBy)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(
                            "att-mca", AgreementType.MICROSOFT_CUSTOMER_AGREEMENT, PARTNER));
            assertThat(approved.getExemption()).isNull();
            assertThat(approved.getPolicyVersion()).isEqualTo("csp-agreement-policy/2020-02-01");
            assertThat(approved.getDecidedAt()).isEqualTo(GateDriver.WALL_CLOCK_START);
        }

        @Test
        void shouldRejectOrderWithAcceptanceMissingWhenCustomerHasNoAttestation() {
            gate.send(anOrder().build());

            assertThat(codes(onlyRejected())).containsExactly(OrderRejectionCode.ACCEPTANCE_MISSING);
        }

        @Test
        void shouldRejectOrderWhenOnlyAnotherPartnerAttested() {
            gate.send(anAttestation().by(OTHER_PARTNER).build());
            gate.send(anOrder().partner(PARTNER).build());

            RejectedOrder rejected = onlyRejected();
            assertThat(codes(rejected)).containsExactly(OrderRejectionCode.ACCEPTANCE_BY_OTHER_PARTNER);
            assertThat(rejected.getReasons().get(0).getMessage()).contains(OTHER_PARTNER, PARTNER);
        }

        @Test
        void shouldApproveResellerOrderWhenItsIndirectProviderAttested() {
            gate.send(anAttestation().by(PROVIDER).build());
            gate.send(anOrder().resellerOf(RESELLER, PROVIDER).build());

            assertThat(onlyApproved().getEvidence())
                    .extracting(Evidence::getAttestedBy)
                    .containsExactly(PROVIDER);
        }

        @Test
        void shouldRejectResellerOrderWhenOnlyTheResellerItselfAttested() {
            gate.send(anAttestation().by(RESELLER).build());
            gate.send(anOrder().resellerOf(RESELLER, PROVIDER).build());

            RejectedOrder rejected = onlyRejected();
            assertThat(codes(rejected)).containsExactly(OrderRejectionCode.ACCEPTANCE_BY_OTHER_PARTNER);
            assertThat(rejected.getReasons().get(0).getMessage()).contains("reseller's own does not count");
        }

        @Test
        void shouldRejectOrderOfCustomerMovingToNewPartnerUntilTheNewPartnerConfirms() {
            gate.send(anAttestation().id("att-old").by(OTHER_PARTNER).build());
            gate.send(anOrder().id("order-new-partner-1").partner(PARTNER).build());
            assertThat(codes(onlyRejected())).containsExactly(OrderRejectionCode.ACCEPTANCE_BY_OTHER_PARTNER);

            gate.send(anAttestation().id("att-new").by(PARTNER).build());
            gate.send(anOrder().id("order-new-partner-2").partner(PARTNER).build());
            assertThat(onlyApproved().getEvidence())
                    .extracting(Evidence::getAttestationId)
                    .containsExactly("att-new");
        }

        @Test
        void shouldApproveAnyPartnersOrderWhenCustomerAcceptedMcaDirectly() {
            gate.send(anAttestation().customerDirect().build());
            gate.send(anOrder().partner(OTHER_PARTNER).build());

            assertThat(onlyApproved().getEvidence())
                    .extracting(Evidence::getAttestedBy)
                    .containsExactly("CUSTOMER_DIRECT");
        }

        @Test
        void shouldApproveOrderBeforeTheTransitionWindowOnCloudAgreement() {
            gate.send(anAttestation().cloudAgreement().build());
            gate.send(anOrder().orderedAt(CLOUD_ERA).build());

            assertThat(onlyApproved().getEvidence())
                    .extracting(Evidence::getAgreementType)
                    .containsExactly(AgreementType.MICROSOFT_CLOUD_AGREEMENT);
        }

        @Test
        void shouldApproveOrderInsideTheTransitionWindowOnCloudAgreement() {
            gate.send(anAttestation().cloudAgreement().build());
            gate.send(anOrder().orderedAt(TRANSITION).build());

            assertThat(gate.approvedRecords()).hasSize(1);
        }

        @Test
        void shouldRejectOrderAfterTheTransitionWindowOnCloudAgreementOnly() {
            gate.send(anAttestation().cloudAgreement().build());
            gate.send(anOrder().orderedAt(MCA_ERA).build());

            RejectedOrder rejected = onlyRejected();
            assertThat(codes(rejected)).containsExactly(OrderRejectionCode.AGREEMENT_TYPE_NOT_ACCEPTED);
            assertThat(rejected.getReasons().get(0).getMessage()).contains("needs the Microsoft Customer Agreement");
        }

        @Test
        void shouldRejectAzurePlanOrderInsideTheTransitionWindowOnCloudAgreement() {
            gate.send(anAttestation().cloudAgreement().build());
            gate.send(anOrder()
                    .orderedAt(TRANSITION)
                    .items(item(ProductType.LICENSE_SUBSCRIPTION, 3), item(ProductType.AZURE_PLAN, 1))
                    .build());

            assertThat(codes(onlyRejected())).containsExactly(OrderRejectionCode.AGREEMENT_TYPE_NOT_ACCEPTED);
        }

        @Test
        void shouldApproveAzurePlanOrderInsideTheTransitionWindowOnCustomerAgreement() {
            gate.send(anAttestation().build());
            gate.send(anOrder()
                    .orderedAt(TRANSITION)
                    .items(item(ProductType.AZURE_PLAN, 1))
                    .build());

            assertThat(gate.approvedRecords()).hasSize(1);
        }

        @Test
        void shouldRejectGermanProfessionalSecrecyCustomerWithoutSecrecyAgreement() {
            gate.send(anAttestation().build());
            gate.send(anOrder().professionalSecrecyIn("DE").build());

            assertThat(codes(onlyRejected()))
                    .containsExactly(OrderRejectionCode.PROFESSIONAL_SECRECY_AGREEMENT_MISSING);
        }

        @Test
        void shouldApproveGermanProfessionalSecrecyCustomerWithSecrecyAgreementFromPartnerOfRecord() {
            gate.send(anAttestation().id("att-mca").build());
            gate.send(anAttestation().id("att-secrecy").professionalSecrecy().build());
            gate.send(anOrder().professionalSecrecyIn("DE").build());

            assertThat(onlyApproved().getEvidence())
                    .extracting(Evidence::getAttestationId)
                    .containsExactly("att-mca", "att-secrecy");
        }

        @Test
        void shouldRejectGermanProfessionalSecrecyCustomerWhenSecrecyAgreementIsAnotherPartners() {
            gate.send(anAttestation().build());
            gate.send(anAttestation()
                    .id("att-secrecy")
                    .by(OTHER_PARTNER)
                    .professionalSecrecy()
                    .build());
            gate.send(anOrder().professionalSecrecyIn("DE").build());

            assertThat(codes(onlyRejected()))
                    .containsExactly(OrderRejectionCode.PROFESSIONAL_SECRECY_AGREEMENT_MISSING);
        }

        @Test
        void shouldNotRequireSecrecyAgreementOutsideThePolicysCountries() {
            gate.send(anAttestation().build());
            gate.send(anOrder().professionalSecrecyIn("FR").build());

            assertThat(gate.approvedRecords()).hasSize(1);
        }

        @Test
        void shouldGiveEveryApplicableReasonAtOnce() {
            gate.send(anOrder().professionalSecrecyIn("DE").build());

            assertThat(codes(onlyRejected()))
                    .containsExactly(
                            OrderRejectionCode.ACCEPTANCE_MISSING,
                            OrderRejectionCode.PROFESSIONAL_SECRECY_AGREEMENT_MISSING);
        }

        @Test
        void shouldRejectOrderAfterItsAttestationWasWithdrawn() {
            gate.send(anAttestation().build());
            gate.send(anAttestation()
                    .withdrawn()
                    .recordedAt(java.time.Instant.parse("2024-01-01T00:00:00Z"))
                    .build());
            gate.send(anOrder().build());

            assertThat(codes(onlyRejected())).containsExactly(OrderRejectionCode.ACCEPTANCE_MISSING);
        }

        @Test
        void shouldApproveAutoRenewalAsExempt() {
            gate.send(anOrder().type(OrderType.AUTO_RENEWAL).build());

            ApprovedOrder approved = onlyApproved();
            assertThat(approved.getExemption()).contains("AUTO_RENEWAL");
            assertThat(approved.getEvidence()).isEmpty();
        }

        @Test
        void shouldApproveOrderDatedBeforeConfirmationBecameMandatoryAsExempt() {
            gate.send(anOrder().orderedAt(BEFORE_MANDATORY).build());

            assertThat(onlyApproved().getExemption()).contains("2018-11-07");
        }

        @Test
        void shouldRejectOrderWithoutLineItemsAsInvalidAndCheckNothingElse() {
            gate.send(anOrder().items().professionalSecrecyIn("DE").build());

            assertThat(codes(onlyRejected())).containsExactly(OrderRejectionCode.INVALID_ORDER);
        }

        @Test
        void shouldRejectOrderWithNonPositiveQuantityListingEveryProblem() {
            gate.send(anOrder()
                    .partner("")
                    .items(item(ProductType.SOFTWARE, 0), item(ProductType.RESERVED_INSTANCE, -2))
                    .build());

            assertThat(codes(onlyRejected()))
                    .containsExactly(
                            OrderRejectionCode.INVALID_ORDER,
                            OrderRejectionCode.INVALID_ORDER,
                            OrderRejectionCode.INVALID_ORDER);
        }

        @Test
        void shouldAcceptZeroQuantityForLicenseQuantityChange() {
            gate.send(anAttestation().build());
            gate.send(anOrder()
                    .type(OrderType.CHANGE_LICENSE_QUANTITY)
                    .items(item(ProductType.LICENSE_SUBSCRIPTION, 0))
                    .build());

            assertThat(gate.approvedRecords()).hasSize(1);
        }

        @Test
        void shouldApproveAnOrderIdOnlyOnceAndDropItsResend() {
            gate.send(anAttestation().build());
            gate.send(anOrder().id("order-42").build());
            gate.send(anOrder().id("order-42").build());

            assertThat(gate.approvedRecords()).hasSize(1);
            assertThat(gate.rejectedRecords()).isEmpty();
            assertThat(metricTotal("decisions-order-dropped-duplicate-approved-order-total"))
                    .isEqualTo(1.0);
        }

        @Test
        void shouldJudgeResentRejectedOrderAfreshAndApproveItOnceAttested() {
            gate.send(anOrder().id("order-7").build());
            assertThat(codes(onlyRejected())).containsExactly(OrderRejectionCode.ACCEPTANCE_MISSING);

            gate.send(anAttestation().build());
            gate.send(anOrder().id("order-7").build());

            assertThat(onlyApproved().getOrder().getOrderId()).isEqualTo("order-7");
        }

        @Test
        void shouldRekeyOrderKeyedBySomethingOtherThanTheCustomer() {
            gate.send(anAttestation().build());
            gate.orders.pipeInput("order-1", anOrder().build(), MCA_ERA);

            List<TestRecord<String, ApprovedOrder>> approved = gate.approvedRecords();
            assertThat(approved).hasSize(1);
            assertThat(approved.get(0).key()).isEqualTo(CUSTOMER);
        }

        @Test
        void shouldRekeyOrderWithoutKey() {
            gate.send(anAttestation().build());
            gate.orders.pipeInput((String) null, anOrder().build(), MCA_ERA);

            assertThat(gate.approvedRecords()).extracting(TestRecord::key).containsExactly(CUSTOMER);
        }

        @Test
        void shouldForwardTheOrdersRecordTimestamp() {
            gate.send(anAttestation().build());
            gate.orders.pipeInput(CUSTOMER, anOrder().build(), java.time.Instant.parse("2026-11-24T12:00:00Z"));

            assertThat(gate.approved.readRecord().getRecordTime())
                    .isEqualTo(java.time.Instant.parse("2026-11-24T12:00:00Z"));
        }

        private ApprovedOrder onlyApproved() {
            assertThat(gate.rejectedRecords()).as("rejected orders").isEmpty();
            List<TestRecord<String, ApprovedOrder>> approved = gate.approvedRecords();
            assertThat(approved).hasSize(1);
            assertThat(approved.get(0).key())
                    .isEqualTo(approved.get(0).value().getOrder().getCustomerId());
            return approved.get(0).value();
        }

        private RejectedOrder onlyRejected() {
            assertThat(gate.approvedRecords()).as("approved orders").isEmpty();
            List<TestRecord<String, RejectedOrder>> rejected = gate.rejectedRecords();
            assertThat(rejected).hasSize(1);
            rejected.get(0)
                    .value()
                    .getReasons()
                    .forEach(r -> assertThat(r.getMessage()).isNotBlank());
            return rejected.get(0).value();
        }

        private double metricTotal(String name) {
            return gate.driver.metrics().entrySet().stream()
                    .filter(e -> e.getKey().name().equals(name))
                    .mapToDouble(e -> ((Number) e.getValue().metricValue()).doubleValue())
                    .sum();
        }
    }

    @Nested
    class Attestations {
        private final GateDriver gate = GateDriver.withoutWaiting();

        @AfterEach
        void close() {
            gate.close();
        }

        @Test
        void shouldRejectAttestationDatedInTheFutureAndKeepNoState() {
            gate.send(anAttestation()
                    .recordedAt(java.time.Instant.parse("2024-01-10T09:00:00Z"))
                    .agreedAt(java.time.Instant.parse("2024-01-10T09:06:00Z"))
                    .build());
            gate.send(anOrder().build());

            assertThat(attestationCodes(onlyRejectedAttestation()))
                    .containsExactly(AttestationRejectionCode.DATE_AGREED_IN_FUTURE);
            assertThat(codes(gate.rejectedRecords().get(0).value()))
                    .containsExactly(OrderRejectionCode.ACCEPTANCE_MISSING);
        }

        @Test
        void shouldRejectAttestationWithEveryApplicableReason() {
            gate.send(anAttestation()
                    .contact(" ", "Lovelace", "not-an-email")
                    .template("00000000-0000-0000-0000-000000000000")
                    .build());

            assertThat(attestationCodes(onlyRejectedAttestation()))
                    .containsExactly(
                            AttestationRejectionCode.CONTACT_INCOMPLETE,
                            AttestationRejectionCode.CONTACT_EMAIL_INVALID,
                            AttestationRejectionCode.TEMPLATE_UNKNOWN);
        }

        @Test
        void shouldRejectAttestationKeyedByAnotherCustomer() {
            gate.attestations.pipeInput("cust-other", anAttestation().build());

            TestRecord<String, RejectedAttestation> rejected = gate.rejectedAttestations.readRecord();
            assertThat(attestationCodes(rejected.value()))
                    .containsExactly(AttestationRejectionCode.CUSTOMER_KEY_MISMATCH);
            assertThat(rejected.key()).isEqualTo(CUSTOMER);
        }

        @Test
        void shouldRejectCloudAgreementRecordedAfterItWasRetired() {
            gate.send(anAttestation()
                    .cloudAgreement()
                    .agreedAt(java.time.Instant.parse("2020-02-03T00:00:00Z"))
                    .recordedAt(java.time.Instant.parse("2020-02-03T00:00:00Z"))
                    .build());

            assertThat(attestationCodes(onlyRejectedAttestation()))
                    .containsExactly(AttestationRejectionCode.AGREEMENT_NO_LONGER_ACCEPTED);
        }

        private RejectedAttestation onlyRejectedAttestation() {
            List<TestRecord<String, RejectedAttestation>> rejected = gate.rejectedAttestations.readRecordsToList();
            assertThat(rejected).hasSize(1);
            return rejected.get(0).value();
        }
    }

    static List<OrderRejectionCode> codes(RejectedOrder rejected) {
        return rejected.getReasons().stream().map(OrderRejectionReason::getCode).toList();
    }

    static List<AttestationRejectionCode> attestationCodes(RejectedAttestation rejected) {
        return rejected.getReasons().stream()
                .map(AttestationRejectionReason::getCode)
                .toList();
    }
}
