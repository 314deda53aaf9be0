package io.agreementgate.runtime.gate;

import io.agreementgate.runtime.config.ConfigurationException;
import io.agreementgate.runtime.config.GateOptions;
import io.agreementgate.runtime.config.RuntimeSettings;
import io.agreementgate.runtime.http.GateHttpServer;
import java.net.InetAddress;
import java.net.UnknownHostException;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.state.HostInfo;

/**
 * Where other instances reach this one for interactive queries ({@code application.server}): as configured, else the
 * HTTP endpoint's address, with a wildcard bind replaced by a name others can resolve.
 */
final class ApplicationServer {
    private ApplicationServer() {}

    /** {@code application.server} as set, or this endpoint's host and port. */
    static HostInfo resolve(GateOptions options, GateHttpServer http) {
        String configured = options.settings()
                .get(StreamsConfig.APPLICATION_SERVER_CONFIG)
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .orElse(null);
        if (configured != null) {
            try {
                return HostInfo.buildFromEndpoint(configured);
            } catch (RuntimeException e) {
                throw new ConfigurationException("invalid value '" + configured + "' for application.server ("
                        + options.settings().origin(StreamsConfig.APPLICATION_SERVER_CONFIG) + "): expected host:port");
            }
        }
        String host = options.get(RuntimeSettings.HTTP_ADVERTISED_HOST).orElseGet(() -> {
            if (!http.boundToAnyAddress()) {
                return options.get(RuntimeSettings.HTTP_HOST);
            }
            try {
                return InetAddress.getLocalHost().getHostName();
            } catch (UnknownHostException e) {
                return "127.0.0.1";
            }
        });
        return new HostInfo(host, http.port());
    }
}
