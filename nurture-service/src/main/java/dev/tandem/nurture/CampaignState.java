package dev.tandem.nurture;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;
import java.util.Set;

/** draft → active ⇄ paused → archived (draft and paused may also be archived). */
public enum CampaignState {
    DRAFT, ACTIVE, PAUSED, ARCHIVED;

    @JsonValue
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static CampaignState fromCode(String code) {
        for (CampaignState state : values()) {
            if (state.code().equals(code)) {
                return state;
            }
        }
        throw new IllegalArgumentException("unknown campaign state '" + code + "' (draft, active, paused, archived)");
    }

    public boolean canMoveTo(CampaignState target) {
        return switch (this) {
            case DRAFT -> Set.of(ACTIVE, ARCHIVED).contains(target);
            case ACTIVE -> target == PAUSED;
            case PAUSED -> Set.of(ACTIVE, ARCHIVED).contains(target);
            case ARCHIVED -> false;
        };
    }
}
