# Builds the `crm` binary and ships it on a slim Debian with an unprivileged user.
FROM rust:1.95-bookworm AS build
WORKDIR /src
COPY . .
RUN cargo build --release --locked -p crm-api && strip target/release/crm

FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --home /data crm && mkdir -p /data && chown crm /data
COPY --from=build /src/target/release/crm /usr/local/bin/crm
USER crm
WORKDIR /data
VOLUME /data
ENV CRM_LISTEN=0.0.0.0:8080 \
    CRM_DATABASE_URL=sqlite:///data/crm.db?mode=rwc \
    CRM_LOG_FORMAT=json
EXPOSE 8080
STOPSIGNAL SIGTERM
ENTRYPOINT ["crm"]
CMD ["serve"]
