package dev.tandem.gateway.identity.rest;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

import java.time.Instant;
import java.util.List;

/** Request bodies of the identity endpoints. */
public final class Requests {

    private Requests() {
    }

    public record Login(@NotBlank @Size(max = 254) String email, @NotNull @Size(max = 1024) String password) {
    }

    /** The refresh token travels in the body for non-browser clients; browsers send {@code {}} and the cookie. */
    public record RefreshGrant(@Size(max = 100) String refreshToken) {
    }

    public record KeyExchange(@NotBlank @Size(max = 200) String apiKey) {
    }

    public record NewUser(@NotBlank @Email @Size(max = 254) String email,
                          @NotBlank @Size(max = 200) String displayName,
                          @NotEmpty @Size(max = 4) List<String> roles,
                          @Size(max = 100) String team,
                          Boolean enabled,
                          @NotNull @Size(max = 1024) String password) {
    }

    /** Absent (or null) members stay as they are; {@code "team": ""} removes the team. */
    public record UserChange(@Size(min = 1, max = 200) @Pattern(regexp = "(?s).*\\S.*", message = "must not be blank") String displayName,
                             @Size(min = 1, max = 4) List<String> roles,
                             @Size(max = 100) String team,
                             Boolean enabled) {
    }

    public record PasswordReset(@NotNull @Size(max = 1024) String password) {
    }

    public record NewApiKey(@NotBlank @Size(max = 100) String name,
                            @NotEmpty @Size(max = 4) List<String> roles,
                            @Size(min = 1, max = 128) @Pattern(regexp = "[A-Za-z0-9._@:-]+", message = "may hold letters, digits and . _ @ : - only") String subject,
                            Instant expiresAt) {
    }

    public record DevToken(@NotBlank @Size(max = 128) String subject,
                           @NotEmpty @Size(max = 4) List<String> roles,
                           @Positive Long lifetimeSeconds,
                           @Size(max = 200) String name,
                           @Size(max = 100) String team) {
    }
}
