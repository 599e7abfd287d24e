package dev.tandem.nurture.service;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.tandem.nurture.LeadContact;
import dev.tandem.nurture.OwnerProfile;

import java.util.HashMap;
import java.util.Map;

/** The variables a template sees (names in {@link TemplateRenderer#VARIABLES}); missing values render empty. */
public final class MailData {

    static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    private MailData() {
    }

    public static Map<String, Object> of(LeadContact lead, OwnerProfile owner, String campaignName, String unsubscribeUrl) {
        Map<String, Object> leadVars = new HashMap<>();
        leadVars.put("firstName", text(lead.firstName));
        leadVars.put("lastName", text(lead.lastName));
        leadVars.put("fullName", fullName(lead));
        leadVars.put("company", text(lead.company));
        leadVars.put("jobTitle", text(lead.jobTitle));
        leadVars.put("email", text(lead.email));
        leadVars.put("country", text(lead.country));
        Map<String, Object> ownerVars = new HashMap<>();
        ownerVars.put("name", owner == null ? "" : text(owner.name));
        ownerVars.put("title", owner == null ? "" : text(owner.title));
        ownerVars.put("signature", owner == null ? "" : text(owner.signature));
        ownerVars.put("email", owner == null ? "" : text(owner.email));
        Map<String, Object> data = new HashMap<>();
        data.put("lead", leadVars);
        data.put("owner", ownerVars);
        data.put("campaign", Map.of("name", text(campaignName)));
        data.put(TemplateRenderer.UNSUBSCRIBE, unsubscribeUrl);
        return data;
    }

    /** Japanese order (family name first) for Japanese leads, given name first otherwise. */
    static String fullName(LeadContact lead) {
        String first = text(lead.firstName);
        String last = text(lead.lastName);
        boolean japanese = "JP".equalsIgnoreCase(lead.country) || (lead.locale != null && lead.locale.startsWith("ja"));
        return (japanese ? last + " " + first : first + " " + last).trim();
    }

    /** A sample lead for previews. */
    public static LeadContact sample() {
        LeadContact lead = new LeadContact();
        lead.leadId = "sample";
        lead.firstName = "太郎";
        lead.lastName = "山田";
        lead.company = "株式会社サンプル";
        lead.jobTitle = "情報システム部 部長";
        lead.email = "taro.yamada@example.co.jp";
        lead.country = "JP";
        lead.timezone = "Asia/Tokyo";
        lead.locale = "ja-JP";
        return lead;
    }

    private static String text(String value) {
        return value == null ? "" : value;
    }
}
