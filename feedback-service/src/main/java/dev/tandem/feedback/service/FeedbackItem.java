package dev.tandem.feedback.service;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;

/**
 * One piece of feedback from a rep: {@code action} is accept, reject, touch, dealOpened, dealStage, dealWon, dealLost
 * or note; {@code touch} and {@code deal} carry the fields of those actions.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FeedbackItem(
        @NotBlank @Size(max = 128) String leadId,
        @NotNull @Pattern(regexp = "accept|reject|touch|dealOpened|dealStage|dealWon|dealLost|note",
                message = "must be one of accept, reject, touch, dealOpened, dealStage, dealWon, dealLost, note")
        String action,
        Instant occurredAt,
        @Size(max = 64) String reasonCode,
        @Size(max = 4000) String note,
        @Valid Touch touch,
        @Valid DealInput deal) {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Touch(
            @NotNull @Pattern(regexp = "meeting|call|visit|chat", message = "must be one of meeting, call, visit, chat")
            String type,
            @NotNull Instant occurredAt,
            @Min(0) @Max(1440) Integer durationMinutes,
            @Size(max = 200) String outcome) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record DealInput(
            @Pattern(regexp = "[A-Za-z0-9._:-]{1,128}") String dealId,
            @Size(max = 200) String name,
            @Size(max = 64) String stage,
            BigDecimal amount,
            @Pattern(regexp = "[A-Z]{3}", message = "must be an ISO 4217 code such as JPY") String currency,
            LocalDate closeDate,
            @Size(max = 64) String lossReasonCode) {
    }
}
