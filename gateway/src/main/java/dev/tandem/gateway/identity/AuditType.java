package dev.tandem.gateway.identity;

/** The kinds of audit events; {@link #code()} is what the log stores and the API filters by. */
public enum AuditType {
    LOGIN_SUCCEEDED("login.succeeded"),
    LOGIN_FAILED("login.failed"),
    LOCKED_OUT("login.locked-out"),
    LOGIN_REFUSED("login.refused"),
    REFRESH_REUSED("refresh.reused"),
    LOGOUT("logout"),
    USER_CREATED("user.created"),
    USER_UPDATED("user.updated"),
    PASSWORD_RESET("user.password-reset"),
    USER_UNLOCKED("user.unlocked"),
    KEY_CREATED("api-key.created"),
    KEY_REVOKED("api-key.revoked"),
    KEY_EXCHANGE_FAILED("api-key.exchange-failed"),
    SIGNING_KEY_CREATED("signing-key.created"),
    DEV_TOKEN_MINTED("dev-token.minted");

    private final String code;

    AuditType(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    public static AuditType fromCode(String code) {
        for (AuditType type : values()) {
            if (type.code.equals(code)) {
                return type;
            }
        }
        return null;
    }
}
