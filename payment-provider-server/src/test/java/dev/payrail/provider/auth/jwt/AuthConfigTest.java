package dev.payrail.provider.auth.jwt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuthConfigTest {

    @TempDir
    Path dir;

    private Path jwks;

    @BeforeEach
    void jwksFile() {
        jwks = TokenForge.writeJwks(dir.resolve("jwks.json"), TokenForge.ecKey("k1"));
    }

    @Test
    void authIsOnByDefaultAndNeedsJwks() {
        assertThatThrownBy(() -> AuthConfig.fromEnvironment(Map.of()))
                .isInstanceOf(AuthConfigException.class)
                .hasMessage("AUTH_JWKS is required (a JWK Set file path or https URL); set AUTH_DISABLED=true to run"
                        + " without authentication");
    }

    @Test
    void needsIssuer() {
        assertThatThrownBy(() -> AuthConfig.fromEnvironment(Map.of("AUTH_JWKS", jwks.toString())))
                .isInstanceOf(AuthConfigException.class)
                .hasMessageStartingWith("AUTH_ISSUER is required");
    }

    @Test
    void readsFileConfigurationWithDefaults() {
        AuthConfig config = AuthConfig.fromEnvironment(Map.of("AUTH_JWKS", jwks.toString(),
                "AUTH_ISSUER", "invoice-app"));
        assertThat(config.disabled()).isFalse();
        assertThat(config.jwksIsUrl()).isFalse();
        assertThat(config.audience()).isEqualTo("payment-provider");
        assertThat(config.allowedSubjects()).isEmpty();
    }

    @Test
    void readsAllowedSubjectsAsCommaSeparatedList() {
        AuthConfig config = AuthConfig.fromEnvironment(Map.of("AUTH_JWKS", jwks.toString(),
                "AUTH_ISSUER", "invoice-app", "AUTH_AUDIENCE", "payments",
                "AUTH_ALLOWED_SUBJECTS", " invoice-app , system:serviceaccount:invoicing:invoice-app,,"));
        assertThat(config.audience()).isEqualTo("payments");
        assertThat(config.allowedSubjects())
                .containsExactlyInAnyOrder("invoice-app", "system:serviceaccount:invoicing:invoice-app");
    }

    @Test
    void disabledNeedsNothingElse() {
        assertThat(AuthConfig.fromEnvironment(Map.of("AUTH_DISABLED", "TRUE")).disabled()).isTrue();
        assertThat(AuthConfig.fromEnvironment(Map.of("AUTH_DISABLED", "false", "AUTH_JWKS", jwks.toString(),
                "AUTH_ISSUER", "invoice-app")).disabled()).isFalse();
    }

    @Test
    void refusesDisabledValueThatIsNotABoolean() {
        assertThatThrownBy(() -> AuthConfig.fromEnvironment(Map.of("AUTH_DISABLED", "yes")))
                .isInstanceOf(AuthConfigException.class)
                .hasMessage("AUTH_DISABLED=yes is not a boolean: use true or false");
    }

    @Test
    void refusesMissingJwksFile() {
        assertThatThrownBy(() -> AuthConfig.fromEnvironment(Map.of("AUTH_JWKS", "/nonexistent/jwks.json",
                "AUTH_ISSUER", "invoice-app")))
                .isInstanceOf(AuthConfigException.class)
                .hasMessage("AUTH_JWKS=/nonexistent/jwks.json is not a readable file");
    }

    @Test
    void refusesPlainHttpExceptOnLoopback() {
        assertThatThrownBy(() -> AuthConfig.fromEnvironment(Map.of("AUTH_JWKS", "http://keys.example.com/jwks",
                "AUTH_ISSUER", "invoice-app")))
                .isInstanceOf(AuthConfigException.class)
                .hasMessageStartingWith("AUTH_JWKS=http://keys.example.com/jwks must use https");
        assertThat(AuthConfig.fromEnvironment(Map.of("AUTH_JWKS", "http://127.0.0.1:9999/jwks",
                "AUTH_ISSUER", "invoice-app")).jwksIsUrl()).isTrue();
    }

    @Test
    void readsKubernetesStyleUrlWithCaAndBearerTokenFiles() throws Exception {
        Path ca = Files.writeString(dir.resolve("ca.crt"), "-----BEGIN CERTIFICATE-----\n");
        Path token = Files.writeString(dir.resolve("token"), "sa-token");
        AuthConfig config = AuthConfig.fromEnvironment(Map.of(
                "AUTH_JWKS", "https://kubernetes.default.svc/openid/v1/jwks",
                "AUTH_ISSUER", "https://kubernetes.default.svc.cluster.local",
                "AUTH_JWKS_CA_FILE", ca.toString(),
                "AUTH_JWKS_BEARER_TOKEN_FILE", token.toString()));
        assertThat(config.jwksIsUrl()).isTrue();
        assertThat(config.jwksCaFile()).contains(ca);
        assertThat(config.jwksBearerTokenFile()).contains(token);
    }

    @Test
    void refusesCaAndBearerTokenFilesWithAJwksFile() throws Exception {
        Path token = Files.writeString(dir.resolve("token"), "sa-token");
        assertThatThrownBy(() -> AuthConfig.fromEnvironment(Map.of("AUTH_JWKS", jwks.toString(),
                "AUTH_ISSUER", "invoice-app", "AUTH_JWKS_BEARER_TOKEN_FILE", token.toString())))
                .isInstanceOf(AuthConfigException.class)
                .hasMessageContaining("apply only to an https AUTH_JWKS");
        assertThatThrownBy(() -> AuthConfig.fromEnvironment(Map.of("AUTH_JWKS", "https://k/jwks",
                "AUTH_ISSUER", "invoice-app", "AUTH_JWKS_CA_FILE", "/nonexistent/ca.crt")))
                .isInstanceOf(AuthConfigException.class)
                .hasMessage("AUTH_JWKS_CA_FILE=/nonexistent/ca.crt is not a readable file");
    }

    @Test
    void jwksFileWithoutUsableKeysStopsStartUp() throws Exception {
        Files.writeString(jwks, "{\"keys\":[]}");
        AuthConfig config = AuthConfig.enabled(jwks.toString(), "invoice-app", "payment-provider", Set.of());
        assertThatThrownBy(() -> JwtAuthenticator.create(config, TestClock.atFixedStart()))
                .isInstanceOf(AuthConfigException.class)
                .hasMessage("AUTH_JWKS=" + jwks + " holds no signature key with a kid");
        Files.writeString(jwks, "not json");
        assertThatThrownBy(() -> JwtAuthenticator.create(config, TestClock.atFixedStart()))
                .isInstanceOf(AuthConfigException.class)
                .hasMessageStartingWith("AUTH_JWKS=" + jwks + " is not a readable JWK Set: ")
                .hasMessageNotContaining("\n");
    }

    @Test
    void disabledConfigYieldsAnAuthenticatorThatLetsEverythingThrough() {
        Authenticators.fromConfig(AuthConfig.disabledConfig(), TestClock.atFixedStart()).authenticate(null);
        assertThat(AuthConfig.disabledConfig().jwksCaFile()).isEqualTo(Optional.empty());
    }
}
