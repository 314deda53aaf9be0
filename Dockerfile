# syntax=docker/dockerfile:1
# The gate from this repository: a Maven build, then the runtime jar and its dependencies on a JRE.

FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY . .
# Formatting is checked in development; an image build need not rewrite sources.
RUN --mount=type=cache,target=/root/.m2 \
    mvn -B -q -DskipTests -Dspotless.apply.skip=true -pl runtime -am package \
    && mkdir /out \
    && cp -r runtime/target/lib /out/lib \
    && cp runtime/target/agreement-gate-runtime-*.jar /out/agreement-gate.jar

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
# The jar's manifest names its dependencies in lib/ beside it.
ENTRYPOINT ["java", "-jar", "/opt/agreement-gate/agreement-gate.jar"]
CMD ["run"]
