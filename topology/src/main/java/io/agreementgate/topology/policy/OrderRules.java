package io.agreementgate.topology.policy;

import io.agreementgate.schema.AgreementType;
import io.agreementgate.schema.AttestationSource;
import io.agreementgate.schema.Evidence;
import io.agreementgate.schema.LineItem;
import io.agreementgate.schema.Order;
import io.agreementgate.schema.OrderRejectionCode;
import io.agreementgate.schema.OrderRejectionReason;
import io.agreementgate.schema.ProductType;
import io.agreementgate.schema.internal.AgreementOnRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Decides a well-formed order against its customer's agreement state. Pure: the same order and state always give the
 * same verdict, so a replayed 2019 order is judged by 2019's rules (dates come from the payload).
 */
public final class OrderRules {
    private static final Set<AgreementType> MAIN_AGREEMENTS =
            Set.of(AgreementType.MICROSOFT_CLOUD_AGREEMENT, AgreementType.MICROSOFT_CUSTOMER_AGREEMENT);

    /**
     * Partners named in a rejection's message: enough for support, and a customer with a thousand partners on record
     * does not make every rejection a list of them.
     */
    static final int MAX_PARTNERS_NAMED = 10;

    private final Policy policy;

    public OrderRules(Policy policy) {
        this.policy = policy;
    }

    public OrderVerdict decide(Order order, List<AgreementOnRecord> attestations) {
        String exemption = exemption(order);
        if (exemption != null) {
            return OrderVerdict.exempt(exemption);
        }
        String partner = partnerOfRecord(order);
        List<Evidence> evidence = new ArrayList<>(2);
        List<OrderRejectionReason> reasons = new ArrayList<>(2);
        checkCustomerAgreement(order, partner, attestations, evidence, reasons);
        checkProfessionalSecrecy(order, partner, attestations, evidence, reasons);
        return reasons.isEmpty() ? OrderVerdict.approved(evidence) : OrderVerdict.rejected(reasons);
    }

    /** The indirect provider when an indirect reseller orders, else the ordering partner. */
    public static String partnerOfRecord(Order order) {
        return order.getIndirectProviderId() != null ? order.getIndirectProviderId() : order.getPartnerId();
    }

    /** Why the order needs no confirmation, or null when it needs one. */
    private String exemption(Order order) {
        if (policy.exemptOrderTypes().contains(order.getOrderType())) {
            return order.getOrderType() + " orders need no agreement confirmation (policy " + policy.version() + ")";
        }
        if (order.getOrderedAt().isBefore(policy.confirmationMandatoryFrom())) {
            return "ordered at " + order.getOrderedAt() + ", before partner confirmation became mandatory on "
                    + policy.confirmationMandatoryFrom();
        }
        return null;
    }

    /*
     * Plain loops, not java.util.stream: this runs for every order on the stream thread, and a stream pipeline's set-up
     * cost more than the few attestations it walks (BENCHMARKS.md).
     */
    private void checkCustomerAgreement(
            Order order,
            String partner,
            List<AgreementOnRecord> attestations,
            List<Evidence> evidence,
            List<OrderRejectionReason> reasons) {
        boolean anyMain = false;
        boolean anyUsable = false;
        boolean azurePlan = hasAzurePlan(order);
        Set<AgreementType> accepted = policy.acceptedAgreements(order.getOrderedAt(), azurePlan);
        AgreementOnRecord match = null;
        for (AgreementOnRecord a : attestations) {
            if (!MAIN_AGREEMENTS.contains(a.getAgreementType())) {
                continue;
            }
            anyMain = true;
            if (!countsFor(partner, a)) {
                continue;
            }
            anyUsable = true;
            if (accepted.contains(a.getAgreementType()) && isNewer(a, match)) {
                match = a;
            }
        }
        if (!anyMain) {
            reasons.add(reason(
                    OrderRejectionCode.ACCEPTANCE_MISSING,
                    "No acceptance of a Microsoft agreement is on record for customer " + order.getCustomerId()
                            + ". Partner " + partner + " must confirm the customer's acceptance of the "
                            + agreementsNeeded(order) + " (Partner Center agreements API) and resend the order."));
        } else if (!anyUsable) {
            reasons.add(reason(
                    OrderRejectionCode.ACCEPTANCE_BY_OTHER_PARTNER,
                    otherPartnerMessage(order, partner, mainAgreements(attestations))));
        } else if (match == null) {
            reasons.add(reason(
                    OrderRejectionCode.AGREEMENT_TYPE_NOT_ACCEPTED,
                    "Partner " + partner + " confirmed only " + typesOf(usableBy(partner, attestations))
                            + " for customer " + order.getCustomerId() + ", but " + whyNeeded(order, azurePlan)
                            + ". Have the customer accept the " + agreementsNeeded(order) + " and confirm it."));
        } else {
            evidence.add(evidence(match));
        }
    }

    private void checkProfessionalSecrecy(
            Order order,
            String partner,
            List<AgreementOnRecord> attestations,
            List<Evidence> evidence,
            List<OrderRejectionReason> reasons) {
        if (!policy.requiresProfessionalSecrecyAgreement(order.getProfessionalSecrecy(), order.getCustomerCountry())) {
            return;
        }
        AgreementOnRecord secrecy = null;
        for (AgreementOnRecord a : attestations) {
            if (a.getAgreementType() == AgreementType.PROFESSIONAL_SECRECY_AGREEMENT
                    && a.getSource() != AttestationSource.CUSTOMER_DIRECT
                    && partner.equals(a.getPartnerId())
                    && isNewer(a, secrecy)) {
                secrecy = a;
            }
        }
        if (secrecy != null) {
            evidence.add(evidence(secrecy));
        } else {
            reasons.add(reason(
                    OrderRejectionCode.PROFESSIONAL_SECRECY_AGREEMENT_MISSING,
                    "Customer " + order.getCustomerId() + " is bound by professional secrecy in "
                            + order.getCustomerCountry() + " (e.g. §203 StGB): partner " + partner
                            + " must sign a professional-secrecy agreement with the customer and attest it "
                            + "(PROFESSIONAL_SECRECY_AGREEMENT) before this order can be fulfilled."));
        }
    }

    /** The most recently recorded wins; of equally recent ones the first in the state's order. */
    private static boolean isNewer(AgreementOnRecord candidate, AgreementOnRecord best) {
        return best == null || candidate.getRecordedAt().isAfter(best.getRecordedAt());
    }

    private static List<AgreementOnRecord> mainAgreements(List<AgreementOnRecord> attestations) {
        List<AgreementOnRecord> main = new ArrayList<>();
        for (AgreementOnRecord a : attestations) {
            if (MAIN_AGREEMENTS.contains(a.getAgreementType())) {
                main.add(a);
            }
        }
        return main;
    }

    private static List<AgreementOnRecord> usableBy(String partner, List<AgreementOnRecord> attestations) {
        List<AgreementOnRecord> usable = new ArrayList<>();
        for (AgreementOnRecord a : mainAgreements(attestations)) {
            if (countsFor(partner, a)) {
                usable.add(a);
            }
        }
        return usable;
    }

    /** The agreement a partner should have the customer accept for an order of this date, in words. */
    private String agreementsNeeded(Order order) {
        Set<AgreementType> accepted = policy.acceptedAgreements(order.getOrderedAt(), hasAzurePlan(order));
        return accepted.contains(AgreementType.MICROSOFT_CUSTOMER_AGREEMENT)
                ? "Microsoft Customer Agreement"
                : "Microsoft Cloud Agreement";
    }

    /** Which rule of the order's era asks for another agreement; the Azure-plan rule only inside the transition. */
    private String whyNeeded(Order order, boolean azurePlan) {
        Instant at = order.getOrderedAt();
        if (at.isBefore(policy.customerAgreementFrom())) {
            return "an order dated " + at + " (before " + policy.customerAgreementFrom()
                    + ") needs the Microsoft Cloud Agreement";
        }
        if (at.isBefore(policy.cloudAgreementRetiredFrom())) {
            return azurePlan
                    ? "an order dated " + at + " with an Azure plan needs the Microsoft Customer Agreement (from "
                            + policy.customerAgreementFrom() + " until " + policy.cloudAgreementRetiredFrom()
                            + " either agreement is accepted, except for Azure plans)"
                    : "an order dated " + at + " needs the Microsoft Cloud Agreement or the Microsoft Customer "
                            + "Agreement";
        }
        return "an order dated " + at + " (from " + policy.cloudAgreementRetiredFrom()
                + ") needs the Microsoft Customer Agreement";
    }

    private static boolean hasAzurePlan(Order order) {
        for (LineItem item : order.getLineItems()) {
            if (item.getProductType() == ProductType.AZURE_PLAN) {
                return true;
            }
        }
        return false;
    }

    /** A partner's own confirmation counts, and so does the customer's own acceptance of the MCA. */
    private static boolean countsFor(String partner, AgreementOnRecord a) {
        if (a.getSource() == AttestationSource.CUSTOMER_DIRECT) {
            return a.getAgreementType() == AgreementType.MICROSOFT_CUSTOMER_AGREEMENT;
        }
        return partner.equals(a.getPartnerId());
    }

    private static String otherPartnerMessage(Order order, String partner, List<AgreementOnRecord> main) {
        Set<String> others = new TreeSet<>();
        main.forEach(a -> others.add(AgreementBook.attestedBy(a)));
        String confirmedBy = others.size() <= MAX_PARTNERS_NAMED
                ? others.toString()
                : "[" + String.join(", ", List.copyOf(others).subList(0, MAX_PARTNERS_NAMED)) + ", and "
                        + (others.size() - MAX_PARTNERS_NAMED) + " other partners]";
        String reseller = order.getIndirectProviderId() != null
                ? " Reseller " + order.getPartnerId() + " orders through indirect provider " + partner
                        + ", so the confirmation must come from " + partner + "; a reseller's own does not count."
                : "";
        return "Customer " + order.getCustomerId() + "'s acceptance was confirmed by " + confirmedBy
                + ", not by partner of record " + partner + "." + reseller + " Each partner must confirm the "
                + "customer's acceptance itself (a customer moving to a new partner needs a new confirmation).";
    }

    private static Set<AgreementType> typesOf(List<AgreementOnRecord> attestations) {
        Set<AgreementType> types = new TreeSet<>();
        attestations.forEach(a -> types.add(a.getAgreementType()));
        return types;
    }

    private static Evidence evidence(AgreementOnRecord a) {
        return new Evidence(
                a.getAttestationId(),
                a.getAgreementType(),
                a.getTemplateId(),
                a.getDateAgreed(),
                AgreementBook.attestedBy(a));
    }

    private static OrderRejectionReason reason(OrderRejectionCode code, String message) {
        return new OrderRejectionReason(code, message);
    }
}
