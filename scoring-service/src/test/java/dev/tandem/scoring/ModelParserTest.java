package dev.tandem.scoring;

import dev.tandem.platform.http.FieldError;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModelParserTest {

    static final String VALID = """
            {'name':'Default','behaviourRules':[
              {'id':'pricing','name':'Pricing page','eventType':'page_view',
               'conditions':[{'field':'url','op':'contains','value':'/pricing'}],'points':10,
               'limit':{'max':3,'per':'P1D'}},
              {'id':'demo','name':'Demo form','eventType':'form_submit',
               'conditions':[{'field':'form','op':'matches','value':'^demo'}],'points':40}],
             'fitRules':[
              {'id':'freemail','name':'Free mail','field':'emailDomain','op':'in','value':'$freemail','points':-20},
              {'id':'size','name':'Mid-size','field':'companySize','op':'gte','value':50,'points':15}],
             'decay':{'halfLifeDays':30},'caps':{'behaviour':100,'fit':50},
             'thresholds':{'mql':{'minTotal':60,'minFit':10}},'gradeBands':{'A':40,'B':25,'C':10,'D':0}}
            """;

    private static List<FieldError> errorsOf(String json) {
        return assertThrows(ModelValidationException.class, () -> Models.parse(json)).errors();
    }

    private static void assertError(List<FieldError> errors, String field, String messagePart) {
        assertTrue(errors.stream().anyMatch(e -> e.field().equals(field) && e.message().contains(messagePart)),
                () -> "expected " + field + " ~ '" + messagePart + "' in " + errors);
    }

    @Test
    void readsAValidModelIntoTypedRecords() {
        ScoringModel model = Models.parse(VALID);
        assertEquals("Default", model.name());
        assertEquals(2, model.behaviourRules().size());
        BehaviourRule pricing = model.behaviourRules().get(0);
        assertInstanceOf(Condition.Contains.class, pricing.conditions().get(0).condition());
        assertEquals(new BehaviourRule.Limit(3, LimitPeriod.P1D), pricing.limit());
        assertInstanceOf(Condition.Matches.class, model.behaviourRules().get(1).conditions().get(0).condition());
        Condition.In freemail = assertInstanceOf(Condition.In.class, model.fitRules().get(0).condition());
        assertTrue(freemail.values().contains("gmail.com"));
        assertEquals(new BigDecimal("30"), model.decay().halfLifeDays());
        assertEquals(100, model.caps().behaviour());
        assertEquals(0, new BigDecimal("60").compareTo(model.thresholds().mql().minTotal()));
    }

    @Test
    void writtenJsonReadsBackToTheSameModel() {
        ScoringModel model = Models.parse(VALID);
        ScoringModel again = ModelJson.read(ModelJson.write(model).toString());
        assertEquals(model, again);
        assertEquals("$freemail", ModelJson.write(model).at("/fitRules/0/value").asText());
    }

    @Test
    void unknownOpIsNamedWithItsPath() {
        assertError(errorsOf(VALID.replace("'op':'contains'", "'op':'like'")),
                "$.behaviourRules[0].conditions[0].op", "unknown op 'like'");
    }

    @Test
    void regexThatDoesNotCompileIsNamed() {
        assertError(errorsOf(VALID.replace("'^demo'", "'([a-z'")),
                "$.behaviourRules[1].conditions[0].value", "does not compile");
    }

    @Test
    void numbersBeyondADoubleAreNamedNotThrown() {
        // A JsonNode read by any mapper holds 1e400 as Infinity; the HTTP edge refuses it earlier, this is the domain's check.
        assertError(errorsOf(VALID.replace("'halfLifeDays':30", "'halfLifeDays':1e400")),
                "$.decay.halfLifeDays", "finite");
        assertError(errorsOf(VALID.replace("'minTotal':60", "'minTotal':-1e400")),
                "$.thresholds.mql.minTotal", "finite");
    }

    @Test
    void backreferencesAreNotRe2AndDoNotCompile() {
        assertError(errorsOf(VALID.replace("'^demo'", "'(a)\\\\1'")),
                "$.behaviourRules[1].conditions[0].value", "does not compile");
    }

    @Test
    void overlongRegexIsRefused() {
        assertError(errorsOf(VALID.replace("'^demo'", "'" + "a".repeat(ModelParser.MAX_REGEX_LENGTH + 1) + "'")),
                "$.behaviourRules[1].conditions[0].value", "longer than");
    }

    @Test
    void opValueTypeMismatchesAreNamed() {
        assertError(errorsOf(VALID.replace("'op':'gte','value':50", "'op':'gte','value':'fifty'")),
                "$.fitRules[1].value", "needs a number");
        assertError(errorsOf(VALID.replace("'value':'/pricing'", "'value':[1,2]")),
                "$.behaviourRules[0].conditions[0].value", "non-empty string");
        assertError(errorsOf(VALID.replace("'value':'$freemail'", "'value':'gmail.com'")),
                "$.fitRules[0].value", "non-empty array");
        assertError(errorsOf(VALID.replace("'op':'gte','value':50", "'op':'exists','value':'yes'")),
                "$.fitRules[1].value", "true or false");
    }

    @Test
    void fieldTypeMismatchesAreNamed() {
        assertError(errorsOf(VALID.replace("'field':'companySize','op':'gte'", "'field':'jobTitle','op':'gte'")),
                "$.fitRules[1].op", "holds text");
        assertError(errorsOf(VALID.replace("'field':'companySize','op':'gte','value':50",
                "'field':'companySize','op':'contains','value':'5'")), "$.fitRules[1].op", "holds a number");
        assertError(errorsOf(VALID.replace("'field':'companySize'", "'field':'revenue'")),
                "$.fitRules[1].field", "unknown lead attribute");
    }

    @Test
    void duplicateRuleIdsAreNamed() {
        assertError(errorsOf(VALID.replace("'id':'demo'", "'id':'pricing'")),
                "$.behaviourRules[1].id", "duplicate rule id 'pricing'");
        assertError(errorsOf(VALID.replace("'id':'size'", "'id':'demo'")), "$.fitRules[1].id", "duplicate");
    }

    @Test
    void outOfRangePointsAndThresholdsAreNamed() {
        assertError(errorsOf(VALID.replace("'points':40", "'points':1001")),
                "$.behaviourRules[1].points", "between -1000 and 1000");
        assertError(errorsOf(VALID.replace("'points':-20", "'points':-1001")), "$.fitRules[0].points", "between");
        assertError(errorsOf(VALID.replace("'points':40", "'points':4.5")),
                "$.behaviourRules[1].points", "whole number");
        assertError(errorsOf(VALID.replace("'minTotal':60", "'minTotal':-1")),
                "$.thresholds.mql.minTotal", "between");
        assertError(errorsOf(VALID.replace("'halfLifeDays':30", "'halfLifeDays':-2")),
                "$.decay.halfLifeDays", "between");
        assertError(errorsOf(VALID.replace("'behaviour':100", "'behaviour':0")), "$.caps.behaviour", "between");
        assertError(errorsOf(VALID.replace("'max':3", "'max':0")), "$.behaviourRules[0].limit.max", "between");
    }

    @Test
    void unknownPeriodEventTypeAndFieldsAreNamed() {
        assertError(errorsOf(VALID.replace("'per':'P1D'", "'per':'P2D'")),
                "$.behaviourRules[0].limit.per", "unknown period");
        assertError(errorsOf(VALID.replace("'eventType':'page_view'", "'eventType':'pageview'")),
                "$.behaviourRules[0].eventType", "unknown activity type");
        assertError(errorsOf(VALID.replace("'name':'Default'", "'name':'Default','colour':'red'")),
                "$.colour", "unknown field");
    }

    @Test
    void gradeBandsMustDescend() {
        assertError(errorsOf(VALID.replace("'C':10", "'C':30")), "$.gradeBands.C", "must not be above B");
    }

    @Test
    void missingPartsAreNamed() {
        List<FieldError> errors = errorsOf("{'behaviourRules':[{'id':'x'}]}");
        assertError(errors, "$.name", "is required");
        assertError(errors, "$.behaviourRules[0].name", "is required");
        assertError(errors, "$.behaviourRules[0].eventType", "is required");
        assertError(errors, "$.behaviourRules[0].points", "is required");
        assertError(errors, "$.thresholds", "is required");
        assertError(errors, "$.gradeBands", "is required");
        assertError(errorsOf("[1,2]"), "$", "JSON object");
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        List<FieldError> errors = errorsOf(VALID.replace("'op':'contains'", "'op':'like'")
                .replace("'points':40", "'points':5000").replace("'id':'size'", "'id':'freemail'"));
        assertEquals(3, errors.size(), errors::toString);
    }
}
