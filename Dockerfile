# syntax=docker/dockerfile:1
# Build with the SDK, run on the smaller ASP.NET runtime image as a non-root user.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /source
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig MovieDiscovery.slnx ./
COPY src/MovieDiscovery.Api/MovieDiscovery.Api.csproj src/MovieDiscovery.Api/
RUN dotnet restore src/MovieDiscovery.Api/MovieDiscovery.Api.csproj
COPY src/ src/
RUN dotnet publish src/MovieDiscovery.Api/MovieDiscovery.Api.csproj -c Release --no-restore -o /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
COPY --from=build /app ./
ENV ASPNETCORE_URLS=http://+:8080 \
    ASPNETCORE_ENVIRONMENT=Production \
    Database__ConnectionString="Data Source=/app/data/movies.db"
RUN mkdir -p /app/data && chown -R app:app /app/data
USER app
EXPOSE 8080
ENTRYPOINT ["dotnet", "MovieDiscovery.Api.dll"]
