<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de" sourcelanguage="en">
<context>
    <name>ActivityModel</name>
    <message>
        <source>Debug</source>
        <translation>Debug</translation>
    </message>
    <message>
        <source>Info</source>
        <translation>Info</translation>
    </message>
    <message>
        <source>Warning</source>
        <translation>Warnung</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>Fehler</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Zeit</translation>
    </message>
    <message>
        <source>Level</source>
        <translation>Stufe</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>Quelle</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Meldung</translation>
    </message>
</context>
<context>
    <name>ActivityPage</name>
    <message>
        <source>Everything</source>
        <translation>Alles</translation>
    </message>
    <message>
        <source>Info and above</source>
        <translation>Info und höher</translation>
    </message>
    <message>
        <source>Warnings and errors</source>
        <translation>Warnungen und Fehler</translation>
    </message>
    <message>
        <source>Errors only</source>
        <translation>Nur Fehler</translation>
    </message>
    <message>
        <source>&amp;Show:</source>
        <translation>&amp;Zeigen:</translation>
    </message>
    <message>
        <source>Search the log</source>
        <translation>Protokoll durchsuchen</translation>
    </message>
    <message>
        <source>Nothing to show</source>
        <translation>Nichts anzuzeigen</translation>
    </message>
    <message>
        <source>What the relay logs appears here: connections, sessions and problems.</source>
        <translation>Hier erscheint, was das Relay protokolliert: Verbindungen, Sitzungen und Probleme.</translation>
    </message>
</context>
<context>
    <name>DevicesModel</name>
    <message>
        <source>Device id: %1</source>
        <translation>Geräte-ID: %1</translation>
    </message>
    <message>
        <source>never</source>
        <translation>nie</translation>
    </message>
    <message>
        <source>Unnamed device</source>
        <translation>Unbenanntes Gerät</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>Gerät</translation>
    </message>
    <message>
        <source>Paired</source>
        <translation>Gekoppelt</translation>
    </message>
    <message>
        <source>Last seen</source>
        <translation>Zuletzt gesehen</translation>
    </message>
</context>
<context>
    <name>DevicesPage</name>
    <message>
        <source>Revoke %1?</source>
        <translation>%1 widerrufen?</translation>
    </message>
    <message>
        <source>“%1” will no longer be able to use this relay, and its open connections are closed. To use it again, pair it again.</source>
        <translation>„%1“ kann dieses Relay dann nicht mehr nutzen, und seine offenen Verbindungen werden getrennt. Um es wieder zu nutzen, koppeln Sie es erneut.</translation>
    </message>
    <message>
        <source>Revoke…</source>
        <translation>Widerrufen…</translation>
    </message>
    <message>
        <source>Pair a phone…</source>
        <translation>Telefon koppeln…</translation>
    </message>
    <message>
        <source>No paired devices</source>
        <translation>Keine gekoppelten Geräte</translation>
    </message>
    <message>
        <source>Pair a phone with a code from the Pairing tab. Paired devices can open tunnels and join protected meshes without further setup.</source>
        <translation>Koppeln Sie ein Telefon mit einem Code aus dem Reiter „Kopplung“. Gekoppelte Geräte können ohne weitere Einrichtung Tunnel öffnen und geschützten Meshes beitreten.</translation>
    </message>
</context>
<context>
    <name>Formatting</name>
    <message>
        <source>%1/s</source>
        <translation>%1/s</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Switchboard</source>
        <translation>Switchboard</translation>
    </message>
    <message>
        <source>&amp;Sessions</source>
        <translation>&amp;Sitzungen</translation>
    </message>
    <message>
        <source>&amp;Pairing</source>
        <translation>&amp;Kopplung</translation>
    </message>
    <message>
        <source>&amp;Devices</source>
        <translation>&amp;Geräte</translation>
    </message>
    <message>
        <source>&amp;Activity</source>
        <translation>Akti&amp;vität</translation>
    </message>
    <message>
        <source>&amp;Relay</source>
        <translation>&amp;Relay</translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation>&amp;Einstellungen…</translation>
    </message>
    <message>
        <source>&amp;Copy share URL</source>
        <translation>Freigabe-URL &amp;kopieren</translation>
    </message>
    <message>
        <source>&amp;Pause relaying</source>
        <translation>Weiterleitung &amp;pausieren</translation>
    </message>
    <message>
        <source>&amp;Resume relaying</source>
        <translation>Weiterleitung &amp;fortsetzen</translation>
    </message>
    <message>
        <source>&amp;New pairing code</source>
        <translation>&amp;Neuer Kopplungscode</translation>
    </message>
    <message>
        <source>C&amp;lose window</source>
        <translation>Fenster &amp;schließen</translation>
    </message>
    <message>
        <source>&amp;Quit Switchboard</source>
        <translation>Switchboard &amp;beenden</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <source>Sessions</source>
        <translation>Sitzungen</translation>
    </message>
    <message>
        <source>Pairing</source>
        <translation>Kopplung</translation>
    </message>
    <message>
        <source>Devices</source>
        <translation>Geräte</translation>
    </message>
    <message>
        <source>Activity</source>
        <translation>Aktivität</translation>
    </message>
    <message>
        <source>&amp;Filter sessions</source>
        <translation>Sitzungen &amp;filtern</translation>
    </message>
    <message>
        <source>Switchboard is not relaying: %1</source>
        <translation>Switchboard leitet nichts weiter: %1</translation>
    </message>
    <message>
        <source>Open settings</source>
        <translation>Einstellungen öffnen</translation>
    </message>
</context>
<context>
    <name>PairingPage</name>
    <message>
        <source>Pairing needs the relay</source>
        <translation>Zum Koppeln muss das Relay laufen</translation>
    </message>
    <message>
        <source>Resume relaying to pair a phone.</source>
        <translation>Setzen Sie die Weiterleitung fort, um ein Telefon zu koppeln.</translation>
    </message>
    <message>
        <source>Expires in %1</source>
        <translation>Läuft ab in %1</translation>
    </message>
    <message>
        <source>Paired</source>
        <translation>Gekoppelt</translation>
    </message>
    <message>
        <source>A device used this code and now appears under Devices. Each code works once.</source>
        <translation>Ein Gerät hat diesen Code verwendet und erscheint jetzt unter „Geräte“. Jeder Code gilt nur einmal.</translation>
    </message>
    <message>
        <source>This code has expired</source>
        <translation>Dieser Code ist abgelaufen</translation>
    </message>
    <message>
        <source>Codes work for five minutes. Make a new one when the phone is ready.</source>
        <translation>Codes gelten fünf Minuten. Erzeugen Sie einen neuen, sobald das Telefon bereit ist.</translation>
    </message>
    <message>
        <source>This code is locked</source>
        <translation>Dieser Code ist gesperrt</translation>
    </message>
    <message>
        <source>Someone entered a wrong code too many times, so this one no longer works.</source>
        <translation>Jemand hat zu oft einen falschen Code eingegeben, deshalb gilt dieser nicht mehr.</translation>
    </message>
    <message>
        <source>Pair a phone</source>
        <translation>Telefon koppeln</translation>
    </message>
    <message>
        <source>A pairing code lets a phone join this relay: scan its QR code, or type the code on the relay&apos;s pairing page.</source>
        <translation>Mit einem Kopplungscode tritt ein Telefon diesem Relay bei: Scannen Sie den QR-Code oder geben Sie den Code auf der Kopplungsseite des Relays ein.</translation>
    </message>
    <message>
        <source>Scan this with the phone&apos;s camera, or open the relay&apos;s pairing page and type the code.</source>
        <translation>Scannen Sie dies mit der Kamera des Telefons oder öffnen Sie die Kopplungsseite des Relays und geben Sie den Code ein.</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>Kopieren</translation>
    </message>
    <message>
        <source>Copy the pairing URL</source>
        <translation>Kopplungs-URL kopieren</translation>
    </message>
    <message>
        <source>New code</source>
        <translation>Neuer Code</translation>
    </message>
    <message>
        <source>Show a pairing code</source>
        <translation>Kopplungscode anzeigen</translation>
    </message>
</context>
<context>
    <name>ServiceNames</name>
    <message>
        <source>Tunnel</source>
        <translation>Tunnel</translation>
    </message>
    <message>
        <source>Local-first</source>
        <translation>Local-first</translation>
    </message>
    <message>
        <source>File pairing</source>
        <translation>Dateiübertragung</translation>
    </message>
    <message>
        <source>Mesh</source>
        <translation>Mesh</translation>
    </message>
    <message>
        <source>libp2p</source>
        <translation>libp2p</translation>
    </message>
    <message>
        <source>Clode Studio desktops and their browsers</source>
        <translation>Clode-Studio-Desktops und ihre Browser</translation>
    </message>
    <message>
        <source>Apps built on @localfirst/relay</source>
        <translation>Apps auf Basis von @localfirst/relay</translation>
    </message>
    <message>
        <source>p2p-copy senders and receivers</source>
        <translation>p2p-copy-Sender und -Empfänger</translation>
    </message>
    <message>
        <source>Atmosphere devices</source>
        <translation>Atmosphere-Geräte</translation>
    </message>
    <message>
        <source>js-libp2p nodes (circuit relay)</source>
        <translation>js-libp2p-Knoten (Circuit Relay)</translation>
    </message>
</context>
<context>
    <name>SessionsModel</name>
    <message>
        <source>Service</source>
        <translation>Dienst</translation>
    </message>
    <message>
        <source>Session</source>
        <translation>Sitzung</translation>
    </message>
    <message>
        <source>Peers</source>
        <translation>Teilnehmer</translation>
    </message>
    <message>
        <source>Remote address</source>
        <translation>Entfernte Adresse</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>Dauer</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>Empfangen</translation>
    </message>
    <message>
        <source>Sent</source>
        <translation>Gesendet</translation>
    </message>
    <message>
        <source>Rate</source>
        <translation>Rate</translation>
    </message>
</context>
<context>
    <name>SessionsPage</name>
    <message>
        <source>No sessions right now</source>
        <translation>Zurzeit keine Sitzungen</translation>
    </message>
    <message>
        <source>When a device connects through Switchboard (a tunnel, a file transfer, a mesh) it appears here with what it sends and receives.</source>
        <translation>Sobald sich ein Gerät über Switchboard verbindet (ein Tunnel, eine Dateiübertragung, ein Mesh), erscheint es hier mit dem, was es sendet und empfängt.</translation>
    </message>
    <message>
        <source>No session matches “%1”</source>
        <translation>Keine Sitzung passt zu „%1“</translation>
    </message>
    <message>
        <source>The filter looks at the service, the session, the peers and their addresses.</source>
        <translation>Der Filter durchsucht Dienst, Sitzung, Teilnehmer und deren Adressen.</translation>
    </message>
    <message>
        <source>Filter sessions (Ctrl+F)</source>
        <translation>Sitzungen filtern (Strg+F)</translation>
    </message>
    <message>
        <source>Copy URL</source>
        <translation>URL kopieren</translation>
    </message>
    <message>
        <source>Disconnect</source>
        <translation>Trennen</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Switchboard Settings</source>
        <translation>Switchboard-Einstellungen</translation>
    </message>
    <message>
        <source>General</source>
        <translation>Allgemein</translation>
    </message>
    <message>
        <source>Security</source>
        <translation>Sicherheit</translation>
    </message>
    <message>
        <source>Services</source>
        <translation>Dienste</translation>
    </message>
    <message>
        <source>Limits</source>
        <translation>Grenzen</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Durchsuchen…</translation>
    </message>
    <message>
        <source>PEM files (*.pem *.crt *.key);;All files (*)</source>
        <translation>PEM-Dateien (*.pem *.crt *.key);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>&amp;Port:</source>
        <translation>&amp;Port:</translation>
    </message>
    <message>
        <source>The one port to forward on the router. 0 picks a free port.</source>
        <translation>Der eine Port, den der Router weiterleiten muss. 0 wählt einen freien Port.</translation>
    </message>
    <message>
        <source>Listen on:</source>
        <translation>Lauschen auf:</translation>
    </message>
    <message>
        <source>0.0.0.0 accepts connections from anywhere; 127.0.0.1 from this computer only.</source>
        <translation>0.0.0.0 nimmt Verbindungen von überall an, 127.0.0.1 nur von diesem Computer.</translation>
    </message>
    <message>
        <source>Public &amp;address:</source>
        <translation>Öffentliche &amp;Adresse:</translation>
    </message>
    <message>
        <source>localhost:&lt;port&gt;</source>
        <translation>localhost:&lt;Port&gt;</translation>
    </message>
    <message>
        <source>The domain devices use to reach this relay, e.g. relay.example.org</source>
        <translation>Die Domain, unter der Geräte dieses Relay erreichen, z. B. relay.example.org</translation>
    </message>
    <message>
        <source>Start Switchboard when I log in</source>
        <translation>Switchboard bei der Anmeldung starten</translation>
    </message>
    <message>
        <source>System default</source>
        <translation>Systemsprache</translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation>&amp;Sprache:</translation>
    </message>
    <message>
        <source>With a certificate the relay speaks HTTPS and WSS on the same port. Certbot&apos;s fullchain.pem and privkey.pem work as they are; renewed files are picked up without a restart.</source>
        <translation>Mit einem Zertifikat spricht das Relay HTTPS und WSS auf demselben Port. fullchain.pem und privkey.pem von Certbot funktionieren direkt; erneuerte Dateien werden ohne Neustart übernommen.</translation>
    </message>
    <message>
        <source>&amp;Certificate:</source>
        <translation>&amp;Zertifikat:</translation>
    </message>
    <message>
        <source>none (plain HTTP)</source>
        <translation>keins (einfaches HTTP)</translation>
    </message>
    <message>
        <source>Choose the certificate chain</source>
        <translation>Zertifikatskette wählen</translation>
    </message>
    <message>
        <source>Private &amp;key:</source>
        <translation>Privater &amp;Schlüssel:</translation>
    </message>
    <message>
        <source>none</source>
        <translation>keiner</translation>
    </message>
    <message>
        <source>Choose the private key</source>
        <translation>Privaten Schlüssel wählen</translation>
    </message>
    <message>
        <source>Services this relay offers. All share the one port.</source>
        <translation>Dienste, die dieses Relay anbietet. Alle teilen sich den einen Port.</translation>
    </message>
    <message>
        <source>Connections at once:</source>
        <translation>Gleichzeitige Verbindungen:</translation>
    </message>
    <message>
        <source>Connections per address:</source>
        <translation>Verbindungen pro Adresse:</translation>
    </message>
    <message>
        <source>Idle timeout (seconds):</source>
        <translation>Leerlauf-Zeitlimit (Sekunden):</translation>
    </message>
    <message>
        <source>Wait for a peer (seconds):</source>
        <translation>Auf Gegenstelle warten (Sekunden):</translation>
    </message>
    <message>
        <source>Largest request body (bytes):</source>
        <translation>Größter Anfragekörper (Bytes):</translation>
    </message>
    <message>
        <source>Choose at least one service.</source>
        <translation>Wählen Sie mindestens einen Dienst.</translation>
    </message>
    <message>
        <source>Could not change start at login: %1</source>
        <translation>Start bei der Anmeldung ließ sich nicht ändern: %1</translation>
    </message>
    <message>
        <source>Set to “%1” by the option --%2, which wins over this field.</source>
        <translation>Durch die Option --%2 auf „%1“ gesetzt; sie hat Vorrang vor diesem Feld.</translation>
    </message>
    <message>
        <source>Set to “%1” by the environment variable %2, which wins over this field.</source>
        <translation>Durch die Umgebungsvariable %2 auf „%1“ gesetzt; sie hat Vorrang vor diesem Feld.</translation>
    </message>
</context>
<context>
    <name>StatusHeader</name>
    <message>
        <source>Copy share URL</source>
        <translation>Freigabe-URL kopieren</translation>
    </message>
    <message>
        <source>Pause relaying</source>
        <translation>Weiterleitung pausieren</translation>
    </message>
    <message>
        <source>Resume relaying</source>
        <translation>Weiterleitung fortsetzen</translation>
    </message>
    <message>
        <source>Relaying</source>
        <translation>Leitet weiter</translation>
    </message>
    <message>
        <source>Devices reach this relay at &lt;b&gt;%1&lt;/b&gt;</source>
        <translation>Geräte erreichen dieses Relay unter &lt;b&gt;%1&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Paused</source>
        <translation>Pausiert</translation>
    </message>
    <message>
        <source>Nothing is relayed and the port is closed until you resume.</source>
        <translation>Nichts wird weitergeleitet, und der Port bleibt geschlossen, bis Sie fortsetzen.</translation>
    </message>
    <message>
        <source>Not relaying</source>
        <translation>Keine Weiterleitung</translation>
    </message>
</context>
<context>
    <name>ThroughputGraph</name>
    <message>
        <source>Bytes relayed per second over the last minute</source>
        <translation>Weitergeleitete Bytes pro Sekunde in der letzten Minute</translation>
    </message>
    <message>
        <source>Now: %1</source>
        <translation>Jetzt: %1</translation>
    </message>
    <message>
        <source>idle</source>
        <translation>ruhig</translation>
    </message>
    <message>
        <source>scale %1 · 60 s</source>
        <translation>Skala %1 · 60 s</translation>
    </message>
</context>
<context>
    <name>TrayApplication</name>
    <message>
        <source>This desktop has no system tray, so Switchboard runs in this window. Closing it stops the relay. (On GNOME, the AppIndicator extension adds a tray.)</source>
        <translation>Diese Arbeitsumgebung hat keinen Systembereich (Tray), deshalb läuft Switchboard in diesem Fenster. Schließen beendet das Relay. (Unter GNOME fügt die Erweiterung AppIndicator einen Systembereich hinzu.)</translation>
    </message>
    <message>
        <source>Desktop connected</source>
        <translation>Desktop verbunden</translation>
    </message>
    <message>
        <source>A desktop opened a tunnel through Switchboard (%1).</source>
        <translation>Ein Desktop hat einen Tunnel über Switchboard geöffnet (%1).</translation>
    </message>
    <message>
        <source>Device paired</source>
        <translation>Gerät gekoppelt</translation>
    </message>
    <message>
        <source>“%1” can now use this relay.</source>
        <translation>„%1“ kann dieses Relay jetzt nutzen.</translation>
    </message>
    <message>
        <source>Share URL copied</source>
        <translation>Freigabe-URL kopiert</translation>
    </message>
</context>
<context>
    <name>TrayIcon</name>
    <message>
        <source>Switchboard is relaying at %1</source>
        <translation>Switchboard leitet weiter unter %1</translation>
    </message>
    <message>
        <source>Switchboard is paused</source>
        <translation>Switchboard ist pausiert</translation>
    </message>
    <message>
        <source>Switchboard is not relaying: %1</source>
        <translation>Switchboard leitet nichts weiter: %1</translation>
    </message>
</context>
<context>
    <name>TrayMenu</name>
    <message>
        <source>Copy share URL</source>
        <translation>Freigabe-URL kopieren</translation>
    </message>
    <message>
        <source>Show pairing code…</source>
        <translation>Kopplungscode anzeigen…</translation>
    </message>
    <message>
        <source>Open Switchboard</source>
        <translation>Switchboard öffnen</translation>
    </message>
    <message>
        <source>Pause relaying</source>
        <translation>Weiterleitung pausieren</translation>
    </message>
    <message>
        <source>Resume relaying</source>
        <translation>Weiterleitung fortsetzen</translation>
    </message>
    <message>
        <source>Start at login</source>
        <translation>Bei Anmeldung starten</translation>
    </message>
    <message>
        <source>Quit Switchboard</source>
        <translation>Switchboard beenden</translation>
    </message>
</context>
</TS>
