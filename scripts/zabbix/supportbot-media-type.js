// SupportBot webhook media type for Zabbix (Alerts → Media types → Create media type → Type: Webhook).
// Paste this as the Script; add the parameters listed in README.md ("Zabbix"). It posts the event as one JSON object
// to POST /api/webhooks/zabbix. Zabbix runs it in Duktape (ECMAScript 5): no arrow functions, no let/const.
var SupportBot = {
    // Zabbix leaves a macro it cannot resolve as its own name ("{EVENT.RECOVERY.ID}" on a problem): send it empty.
    clean: function (text) {
        return /^\{[A-Z0-9_.$#]+\}$/.test(text) ? '' : text;
    },

    body: function (params) {
        var body = {};
        Object.keys(params).forEach(function (key) {
            if (key === 'supportbot_url' || key === 'supportbot_token') {
                return;
            }
            body[key] = SupportBot.clean(String(params[key]));
        });
        // {EVENT.TAGSJSON} arrives as text; the bot wants the array of {tag, value}.
        try {
            body.event_tags = body.event_tags ? JSON.parse(body.event_tags) : [];
        }
        catch (error) {
            body.event_tags = [];
        }
        return body;
    },

    post: function (params) {
        if (!params.supportbot_url) {
            throw 'The parameter supportbot_url is empty.';
        }
        var request = new HttpRequest();
        request.addHeader('Content-Type: application/json');
        if (params.supportbot_token) {
            request.addHeader('Authorization: Bearer ' + params.supportbot_token);
        }
        var response = request.post(params.supportbot_url, JSON.stringify(SupportBot.body(params)));
        var status = request.getStatus();
        if (status < 200 || status >= 300) {
            throw 'SupportBot answered ' + status + ': ' + response;
        }
        return response;
    }
};

try {
    var params = JSON.parse(value);
    Zabbix.log(4, '[SupportBot webhook] event ' + params.event_id);
    SupportBot.post(params);
    return 'OK';
}
catch (error) {
    Zabbix.log(3, '[SupportBot webhook] failed: ' + error);
    throw 'Sending to SupportBot failed: ' + error;
}
