# Blobasaur server image. Build:  docker build -t blobasaur .
# Run one node:                   docker run -p 6379:6379 -v blobasaur-data:/data blobasaur
# A 3-node cluster:               docker compose -f docker-compose.cluster.yml up   (see CLUSTERING.md)
#
# Configuration is by environment variables (BLOBASAUR_<KEY>, BLOBASAUR_<SECTION>_<KEY>; docs/configuration.md) or by a
# mounted config file: `docker run -v ./my.toml:/etc/blobasaur/config.toml:ro blobasaur serve --config /etc/blobasaur/config.toml`.
# The defaults below make the server listen on all interfaces of the container and keep its data in the /data volume.

# ---- build: restore first (cached while only sources change), then publish the CLI framework-dependent.
FROM mcr.microsoft.com/dotnet/sdk:10.0-noble AS build
WORKDIR /src
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig ./
COPY src/Blobasaur.Cli/Blobasaur.Cli.csproj src/Blobasaur.Cli/
COPY src/Blobasaur.Server/Blobasaur.Server.csproj src/Blobasaur.Server/
COPY src/Blobasaur.Commands/Blobasaur.Commands.csproj src/Blobasaur.Commands/
COPY src/Blobasaur.Cluster/Blobasaur.Cluster.csproj src/Blobasaur.Cluster/
COPY src/Blobasaur.Storage/Blobasaur.Storage.csproj src/Blobasaur.Storage/
COPY src/Blobasaur.Compression/Blobasaur.Compression.csproj src/Blobasaur.Compression/
COPY src/Blobasaur.Protocol/Blobasaur.Protocol.csproj src/Blobasaur.Protocol/
COPY src/Blobasaur.Config/Blobasaur.Config.csproj src/Blobasaur.Config/
COPY src/Blobasaur.Hashing/Blobasaur.Hashing.csproj src/Blobasaur.Hashing/
RUN dotnet restore src/Blobasaur.Cli/Blobasaur.Cli.csproj
COPY src/ src/
RUN dotnet publish src/Blobasaur.Cli/Blobasaur.Cli.csproj -c Release --no-restore -o /app -nologo

# ---- runtime: ASP.NET Core runtime (the server uses Kestrel's transport), plus the compression libraries that
# storage_compression loads at run time (libzstd.so.1, liblz4.so.1; gzip and brotli are built into .NET).
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
