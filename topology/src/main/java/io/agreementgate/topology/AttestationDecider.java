package io.agreementgate.topology;

import io.agreementgate.schema.AgreementAttestation;
import io.agreementgate.schema.AttestationRejectionCode;
import io.agreementgate.schema.AttestationRejectionReason;
import io.agreementgate.schema.AttestationStatus;
import io.agreementgate.schema.RejectedAttestation;
import io.agreementgate.schema.internal.CustomerAgreements;
import io.agreementgate.serde.ContractHeaders;
import io.agreementgate.topology.config.GateConfig;
import io.agreementgate.topology.config.GateTopics;
import io.agreementgate.topology.policy.AgreementBook;
import io.agreementgate.topology.policy.AttestationValidator;
import io.agreementgate.topology.policy.NewerContractRules;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Turns attestations into agreement state: validates one, rejects it with every reason (it then changes nothing), or
 * applies it and decides the orders that were waiting for its customer. Used by both attestation processors (on
 * arrival, after the hop) so that both paths apply the same rules.
 */
final class AttestationDecider {
    private final String inputTopic;
    private final AttestationValidator validator;
    private final ProcessorContext<String, Decision> context;
    private final GateStores stores;
    private final DecisionMetrics metrics;
    private final NewerContractMetrics newerContracts;
    private final OrderDecider orders;

    AttestationDecider(GateConfig config, ProcessorContext<String, Decision> context, GateStores stores) {
        this.inputTopic = config.topics().name(GateTopics.ATTESTATIONS);
        this.validator = new AttestationValidator(config.policy());
        this.context = context;
        this.stores = stores;
        this.metrics = new DecisionMetrics(context.metrics(), GateNames.APPLY_ATTESTATIONS);
        this.newerContracts = new NewerContractMetrics(context.metrics(), GateNames.APPLY_ATTESTATIONS);
        this.orders = new OrderDecider(config, context, stores, metrics);
    }

    /**
     * The attestation as the gate reads it, or null when it is rejected here: an agreement type or source the gate
     * does not know is never judged by the reader's default (nothing else is checked, and it changes nothing). An
     * unknown status is read as {@code WITHDRAWN}. Counts what a newer contract carried.
     */
    AgreementAttestation admit(Record<String, AgreementAttestation> record) {
        newerContracts.count(inputTopic, record.headers());
        List<ContractHeaders.UnknownSymbol> unknown = ContractHeaders.unknownSymbols(record.headers());
        List<AttestationRejectionReason> reasons = NewerContractRules.attestationReasons(unknown);
        if (!reasons.isEmpty()) {
            reject(record, reasons);
            return null;
        }
        if (NewerContractRules.statusUnknown(unknown)) {
            // The fail-safe reading, stated here rather than left to the schema's enum default.
            return AgreementAttestation.newBuilder(record.value())
                    .setStatus(AttestationStatus.WITHDRAWN)
                    .build();
        }
        return record.value();
    }

    /**
     * Validates an attestation as admitted and applies it to its customer's state; decides the orders that waited. A
     * rejection carries the record's value as read.
     */
    void apply(Record<String, AgreementAttestation> record, AgreementAttestation attestation) {
        List<AttestationRejectionReason> reasons = validator.validate(record.key(), attestation, record.timestamp());
        if (!reasons.isEmpty()) {
            reject(record, reasons);
            return;
        }
        String customerId = attestation.getCustomerId();
        CustomerAgreements current = stores.agreements(customerId);
        Optional<CustomerAgreements> next = AgreementBook.apply(current, attestation);
        if (next.isEmpty()) {
            metrics.attestationUnchanged();
        } else {
            Optional<String> overBound = AgreementBook.overBound(current, next.get());
            if (overBound.isPresent()) {
                // The state stays as it was: a record past the bound could outgrow what the broker accepts.
                reject(
                        record,
                        List.of(new AttestationRejectionReason(
                                AttestationRejectionCode.INVALID_ATTESTATION,
                                overBound.get() + "; withdraw attestations no longer needed before adding more.")));
                return;
            }
            stores.putAgreements(next.get());
            metrics.attestationApplied();
        }
        orders.releaseWaiting(customerId);
    }

    private void reject(Record<String, AgreementAttestation> record, List<AttestationRejectionReason> reasons) {
        AgreementAttestation attestation = record.value();
        RejectedAttestation rejected =
                new RejectedAttestation(attestation, Instant.ofEpochMilli(context.currentSystemTimeMs()), reasons);
        metrics.rejected(rejected);
        String key = attestation.getCustomerId().isBlank() ? record.key() : attestation.getCustomerId();
        context.forward(new Record<>(key, new Decision.AttestationRejected(rejected), record.timestamp()));
    }
}
