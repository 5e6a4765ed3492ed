# Blobasaur server image. Build:  docker build -t blobasaur .
# Run one node:                   docker run -p 6379:6379 -v blobasaur-data:/data blobasaur
# A 3-node cluster:               docker compose -f docker-compose.cluster.yml up   (see CLUSTERING.md)
#
# Configuration is by environment variables (BLOBASAUR_<KEY>, BLOBASAUR_<SECTION>_<KEY>; docs/configuration.md) or by a
# mounted config file: `docker run -v ./my.toml:/etc/blobasaur/config.toml:ro blobasaur serve --config /etc/blobasaur/config.toml`.
# The defaults below make the server listen on all interfaces of the container and keep its data in the /data volume.

# ---- build: publish the CLI framework-dependent. The whole src/ is copied (not project files first for a cached restore
# layer) so that a new project under src/ never needs a Dockerfile change.
FROM mcr.microsoft.com/dotnet/sdk:10.0-noble AS build
WORKDIR /src
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig ./
COPY src/ src/
RUN dotnet publish src/Blobasaur.Cli/Blobasaur.Cli.csproj -c Release -o /app -nologo

# ---- runtime: the ASP.NET Core runtime (the projects reference the Microsoft.AspNetCore.App shared framework), plus the
# compression libraries storage_compression loads at run time (libzstd.so.1, liblz4.so.1; gzip and brotli are in .NET).
FROM mcr.microsoft.com/dotnet/aspnet:10.0-noble AS runtime
RUN apt-get update \
    && apt-get install -y --no-install-recommends libzstd1 liblz4-1 \
    && rm -rf /var/lib/apt/lists/*
COPY --from=build /app /app
RUN mkdir -p /data /etc/blobasaur && chown "$APP_UID" /data
# The image's non-root user ("app"); the data volume is owned by it.
USER $APP_UID
WORKDIR /data
ENV BLOBASAUR_DATA_DIR=/data \
    BLOBASAUR_ADDR=0.0.0.0:6379
VOLUME ["/data"]
# 6379: clients (RESP). 16379/udp: cluster gossip (client port + 10000), used only with cluster.enabled = true.
EXPOSE 6379/tcp 16379/udp
STOPSIGNAL SIGTERM
ENTRYPOINT ["/app/blobasaur"]
CMD ["serve"]
