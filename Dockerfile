# syntax=docker/dockerfile:1
# The gate from this repository: a Maven build makes the distribution archive (bin/, lib/, lib/embedded/); the image
# installs it without lib/embedded/ (the embedded Kafka broker, Scala, log4j): a container runs against a real cluster.

FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY . .
# Formatting is checked in development; an image build need not rewrite sources.
RUN --mount=type=cache,target=/root/.m2 \
    mvn -B -q -DskipTests -Dspotless.apply.skip=true -pl runtime -am package \
    && mkdir /out \
    && tar xzf runtime/target/agreement-gate-*.tar.gz -C /out --strip-components=1 \
    && rm -rf /out/lib/embedded

FROM eclipse-temurin:17-jre
RUN useradd --system --uid 10001 --create-home --home-dir /var/lib/agreement-gate gate
COPY --from=build /out/ /opt/agreement-gate/
USER gate
WORKDIR /var/lib/agreement-gate
# A container is reached from outside: listen on every interface (publish the port on loopback, see compose). Beyond
# loopback the customer routes need a bearer token: run with -e AGREEMENT_GATE_GATE_HTTP_TOKEN=<secret>.
ENV AGREEMENT_GATE_GATE_HTTP_HOST=0.0.0.0 \
    AGREEMENT_GATE_GATE_DATA_DIR=/var/lib/agreement-gate
EXPOSE 8080
ENTRYPOINT ["/opt/agreement-gate/bin/agreement-gate"]
CMD ["run"]
