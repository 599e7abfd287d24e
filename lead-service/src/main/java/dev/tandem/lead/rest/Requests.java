package dev.tandem.lead.rest;

import dev.tandem.events.LifecycleStage;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Small request bodies of the lead endpoints. */
public final class Requests {

    private Requests() {
    }

    @Schema(example = "{\"stage\": \"recycled\", \"reason\": \"no budget this year\"}")
    public record StageMove(@NotNull LifecycleStage stage, @Size(max = 500) String reason) {
    }

    @Schema(example = "{\"ownerId\": \"rep-1\"}")
    public record OwnerAssignment(@NotBlank @Size(max = 128) String ownerId) {
    }

    @Schema(example = "{\"duplicateId\": \"5f0c6a3e-3a55-4c1e-9d55-1b6f0f1d2a10\"}")
    public record Merge(@NotBlank @Size(max = 64) String duplicateId) {
    }

    @Schema(example = "{\"anonymousId\": \"anon-7f3a\", \"email\": \"hanako.yamada@example.co.jp\"}")
    public record Identify(@NotBlank @Size(max = 128) String anonymousId, @NotBlank @Email @Size(max = 254) String email) {
    }
}
