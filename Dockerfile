# syntax=docker/dockerfile:1
# Amove.CloudAccounts API image.
#   docker build -t amove-cloudaccounts .
#   docker run -p 8080:8080 -v amove-data:/var/lib/amove amove-cloudaccounts

# ---------------------------------------------------------------- build
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src

# Restore from the project files alone, so editing code does not invalidate
# the (slow) restore layer. Tests are not part of the image.
COPY global.json Directory.Build.props Directory.Packages.props Amove.CloudAccounts.sln ./
# COPY flattens globs, so put each csproj back into its folder (folder name = project name).
COPY src/*/*.csproj ./csproj/
RUN for f in csproj/*.csproj; do \
      d="src/$(basename "$f" .csproj)"; mkdir -p "$d" && mv "$f" "$d/"; \
    done && rmdir csproj
# The .sln also lists the test projects, which are not copied: restore the API project only, for the runtime it is
# compiled ahead of time for.
RUN dotnet restore src/Amove.CloudAccounts.Api/Amove.CloudAccounts.Api.csproj -r linux-x64

COPY src/ src/
# ReadyToRun: precompiled code roughly halves the time from start to ready (scripts/load.sh measures it).
RUN dotnet publish src/Amove.CloudAccounts.Api/Amove.CloudAccounts.Api.csproj \
      -c Release -o /app --no-restore -r linux-x64 --self-contained false \
      -p:PublishReadyToRun=true -p:UseAppHost=false

# ---------------------------------------------------------------- runtime
FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS final

# curl is only for HEALTHCHECK; the runtime image has no HTTP client.
RUN apt-get update \
 && apt-get install -y --no-install-recommends curl \
 && rm -rf /var/lib/apt/lists/*

# Data-protection key ring (and a SQLite file, if that provider is chosen) must
# survive container restarts, or every stored credential becomes unreadable.
# Created and chowned before VOLUME so a fresh named volume inherits the owner.
RUN mkdir -p /var/lib/amove/keys && chown -R "$APP_UID" /var/lib/amove
VOLUME /var/lib/amove

ENV ASPNETCORE_HTTP_PORTS=8080 \
    DataProtection__KeysDirectory=/var/lib/amove/keys

# Runtime memory settings, which the runtime reads from the environment only (docs/operations.md, "Memory").
# scripts/load.sh starts the API with these same lines, so the benchmark measures what this image runs.
# A 4 MiB first-generation budget instead of one sized from the CPU cache: about 9 MB less resident, same speed.
ENV DOTNET_GCgen0size=0x400000
# The JIT returns its scratch memory instead of caching up to 16 MB of it for the next compilation.
ENV DOTNET_JitHostMaxSlabCache=0

WORKDIR /app
# Left root-owned: the app user can run but not modify its own binaries.
COPY --from=build /app .

# $APP_UID is the base image's non-root "app" user; numeric so Kubernetes
# runAsNonRoot can verify it.
USER $APP_UID
EXPOSE 8080

# Liveness only: /health/live checks no dependencies, so a database blip does not restart the container.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD curl -fsS -o /dev/null http://localhost:8080/health/live || exit 1

ENTRYPOINT ["dotnet", "Amove.CloudAccounts.Api.dll"]
