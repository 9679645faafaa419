#!/usr/bin/env bash
# Builds the Teams app package (manifest.json + icons) for upload in Teams ("Upload a custom app") or the admin centre.
#   MICROSOFT_APP_ID=<bot's Microsoft App ID> BOT_DOMAIN=<host the bot runs on> manifest/pack.sh
# TEAMS_APP_ID defaults to the bot's app id. The package lands in manifest/build/supportbot.zip.
set -euo pipefail
cd "$(dirname "$0")"

# The same app id the bot reads from its MicrosoftAppId setting.
: "${MICROSOFT_APP_ID:?set MICROSOFT_APP_ID to the Microsoft App ID of the bot (the MicrosoftAppId setting)}"
: "${BOT_DOMAIN:?set BOT_DOMAIN to the host name the bot is reached at, e.g. supportbot.contoso.com}"
TEAMS_APP_ID="${TEAMS_APP_ID:-$MICROSOFT_APP_ID}"
uuid='^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$'
[[ "$MICROSOFT_APP_ID" =~ $uuid ]] || { echo "MICROSOFT_APP_ID must be a GUID" >&2; exit 1; }
[[ "$TEAMS_APP_ID" =~ $uuid ]] || { echo "TEAMS_APP_ID must be a GUID" >&2; exit 1; }

rm -rf build && mkdir -p build/package
sed -e "s/{{MICROSOFT_APP_ID}}/$MICROSOFT_APP_ID/g" \
    -e "s/{{TEAMS_APP_ID}}/$TEAMS_APP_ID/g" \
    -e "s/{{BOT_DOMAIN}}/$BOT_DOMAIN/g" manifest.json > build/package/manifest.json
cp color.png outline.png build/package/
if grep -q '{{' build/package/manifest.json; then echo "unreplaced placeholder in manifest.json" >&2; exit 1; fi

# The three files at the root of the zip, as Teams expects.
if command -v zip >/dev/null; then
  (cd build/package && zip -q -X ../supportbot.zip manifest.json color.png outline.png)
else
  (cd build/package && python3 -m zipfile -c ../supportbot.zip manifest.json color.png outline.png)
fi
echo "manifest/build/supportbot.zip"
