package io.agreementgate.topology;

import io.agreementgate.schema.AgreementAttestation;
import io.agreementgate.topology.config.GateConfig;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/** Applies the attestations that came through the repartition topic: they are where their customer's state is. */
final class ApplyReroutedAttestations implements Processor<String, AgreementAttestation, String, Decision> {
    private final GateConfig config;
    private GateStores stores;
    private AttestationDecider attestations;

    ApplyReroutedAttestations(GateConfig config) {
        this.config = config;
    }

    @Override
    public void init(ProcessorContext<String, Decision> context) {
        stores = GateStores.from(context);
        attestations = new AttestationDecider(config, context, stores);
    }

    @Override
    public void process(Record<String, AgreementAttestation> record) {
        AgreementAttestation admitted = attestations.admit(record);
        if (admitted != null) {
            attestations.apply(record, admitted);
        }
    }

    @Override
    public void close() {
        if (stores != null) {
            stores.forgetDecoded();
        }
    }
}
