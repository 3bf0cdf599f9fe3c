# ForecastWatch worker + CLI image.
#
#   docker build --build-arg VERSION=1.2.3 -t forecastwatch .
#   docker run -d -v forecastwatch-data:/data -e ForecastWatch__Mailing__Transport=smtp -e Mail__Smtp__Host=... forecastwatch
#   (every setting a real deploy needs: the README's Deploy section and deploy/compose.yaml)
#
# Framework-dependent publish on mcr.microsoft.com/dotnet/runtime (measured against a self-contained publish on
# runtime-deps: see docs/deploy.md). Runs as the images' non-root `app` user (uid 1654); everything the worker
# writes goes under /data, so the container runs fine with --read-only plus a tmpfs on /tmp.
ARG DOTNET_VERSION=10.0

FROM mcr.microsoft.com/dotnet/sdk:${DOTNET_VERSION} AS build
WORKDIR /src
# Restore on its own layer: it is only invalidated when a project file or the package pins change.
COPY global.json Directory.Build.props Directory.Packages.props BannedSymbols.txt .editorconfig ./
COPY src/ForecastWatch/ForecastWatch.csproj src/ForecastWatch/
# TARGETARCH is set by BuildKit/buildah (amd64, arm64); publish only that RID's native assets (SQLite).
ARG TARGETARCH=amd64
RUN case "$TARGETARCH" in arm64) rid=linux-arm64 ;; *) rid=linux-x64 ;; esac \
 && echo "$rid" > /tmp/rid \
 && dotnet restore src/ForecastWatch/ForecastWatch.csproj -r "$rid"
COPY config/ config/
COPY src/ src/
ARG VERSION=0.0.0-local
ARG SOURCE_REVISION=unknown
# READY_TO_RUN=true precompiles the app (crossgen2): the CLI's first extraction no longer waits for the JIT (15
# articles 0.95 -> 0.35 s CPU), the idle worker takes ~6 MB more (bench/RESULTS.md, issues 15 and 17).
ARG READY_TO_RUN=false
RUN dotnet publish src/ForecastWatch/ForecastWatch.csproj --no-restore -c Release -o /app \
      -r "$(cat /tmp/rid)" --self-contained false -p:PublishReadyToRun=${READY_TO_RUN} \
      -p:Version=${VERSION} -p:SourceRevisionId=${SOURCE_REVISION} -p:UseAppHost=true \
      -p:DebugType=none -p:GenerateDocumentationFile=false \
 && rm -f /app/*.pdb
# buildah 1.28 never reuses the cached layer of a stage's last instruction: keep the publish out of that position.
WORKDIR /app

FROM mcr.microsoft.com/dotnet/runtime:${DOTNET_VERSION} AS final
# /data is created owned by the app user so a fresh named volume inherits that ownership.
RUN mkdir -p /data && chown ${APP_UID}:${APP_UID} /data && chmod 0750 /data \
 && ln -s /app/forecastwatch /usr/local/bin/forecastwatch
# The application files stay root-owned: the app user can read but never modify them.
COPY --from=build /app /app
ARG VERSION=0.0.0-local
ARG SOURCE_REVISION=unknown
LABEL org.opencontainers.image.title="ForecastWatch" \
      org.opencontainers.image.description="Registers dated predictions from news articles, asks editors to resolve them by email, mails scorecards." \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${SOURCE_REVISION}"
ENV ForecastWatch__DataDirectory=/data \
    DOTNET_ENVIRONMENT=Production
WORKDIR /app
VOLUME ["/data"]
USER ${APP_UID}
# `health` checks the database, its migrations and the job heartbeats, changing nothing; exit 0 = healthy.
HEALTHCHECK --interval=1m --timeout=15s --start-period=30s --retries=3 CMD ["forecastwatch", "health"]
# SIGTERM: the scheduler stops firing, running jobs finish within HostOptions:ShutdownTimeout, exit 0.
STOPSIGNAL SIGTERM
ENTRYPOINT ["forecastwatch"]
CMD ["run"]
