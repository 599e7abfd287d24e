package dev.tandem.feedback.service;

import java.math.BigDecimal;
import java.util.Currency;

/** Exact amounts in ISO 4217 currencies: no more decimals than the currency has (JPY none, USD two). */
public final class Money {

    /** NUMERIC(19,4): 15 digits before the point. */
    private static final int MAX_INTEGER_DIGITS = 15;

    private Money() {
    }

    public static void check(BigDecimal amount, String currency, String field) {
        if (amount == null) {
            throw new InvalidInputException(field + ".amount", "is required");
        }
        if (currency == null) {
            throw new InvalidInputException(field + ".currency", "is required with an amount");
        }
        Currency known;
        try {
            known = Currency.getInstance(currency);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(field + ".currency", "'" + currency + "' is not an ISO 4217 currency");
        }
        if (amount.signum() < 0) {
            throw new InvalidInputException(field + ".amount", "must not be negative");
        }
        int digits = Math.max(known.getDefaultFractionDigits(), 0);
        if (amount.stripTrailingZeros().scale() > digits) {
            throw new InvalidInputException(field + ".amount", currency + " has " + (digits == 0 ? "no minor unit"
                    : digits + " decimal places") + ": " + amount.toPlainString() + " is not an amount in it");
        }
        if (amount.precision() - amount.scale() > MAX_INTEGER_DIGITS) {
            throw new InvalidInputException(field + ".amount", "is too large");
        }
    }
}
