<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr" sourcelanguage="en">
<context>
    <name>ActivityModel</name>
    <message>
        <source>Debug</source>
        <translation>Débogage</translation>
    </message>
    <message>
        <source>Info</source>
        <translation>Info</translation>
    </message>
    <message>
        <source>Warning</source>
        <translation>Avertissement</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>Erreur</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Heure</translation>
    </message>
    <message>
        <source>Level</source>
        <translation>Niveau</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>Source</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Message</translation>
    </message>
</context>
<context>
    <name>ActivityPage</name>
    <message>
        <source>Everything</source>
        <translation>Tout</translation>
    </message>
    <message>
        <source>Info and above</source>
        <translation>Info et plus</translation>
    </message>
    <message>
        <source>Warnings and errors</source>
        <translation>Avertissements et erreurs</translation>
    </message>
    <message>
        <source>Errors only</source>
        <translation>Erreurs seulement</translation>
    </message>
    <message>
        <source>&amp;Show:</source>
        <translation>&amp;Afficher :</translation>
    </message>
    <message>
        <source>Search the log</source>
        <translation>Rechercher dans le journal</translation>
    </message>
    <message>
        <source>Nothing to show</source>
        <translation>Rien à afficher</translation>
    </message>
    <message>
        <source>What the relay logs appears here: connections, sessions and problems.</source>
        <translation>Ce que le relais consigne apparaît ici : connexions, sessions et problèmes.</translation>
    </message>
</context>
<context>
    <name>DevicesModel</name>
    <message>
        <source>Device id: %1</source>
        <translation>Identifiant de l&apos;appareil : %1</translation>
    </message>
    <message>
        <source>never</source>
        <translation>jamais</translation>
    </message>
    <message>
        <source>Unnamed device</source>
        <translation>Appareil sans nom</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>Appareil</translation>
    </message>
    <message>
        <source>Paired</source>
        <translation>Appairé le</translation>
    </message>
    <message>
        <source>Last seen</source>
        <translation>Vu pour la dernière fois</translation>
    </message>
</context>
<context>
    <name>DevicesPage</name>
    <message>
        <source>Revoke %1?</source>
        <translation>Révoquer %1 ?</translation>
    </message>
    <message>
        <source>“%1” will no longer be able to use this relay, and its open connections are closed. To use it again, pair it again.</source>
        <translation>« %1 » ne pourra plus utiliser ce relais et ses connexions ouvertes seront fermées. Pour l&apos;utiliser à nouveau, appairez-le de nouveau.</translation>
    </message>
    <message>
        <source>Revoke…</source>
        <translation>Révoquer…</translation>
    </message>
    <message>
        <source>Pair a phone…</source>
        <translation>Appairer un téléphone…</translation>
    </message>
    <message>
        <source>No paired devices</source>
        <translation>Aucun appareil appairé</translation>
    </message>
    <message>
        <source>Pair a phone with a code from the Pairing tab. Paired devices can open tunnels and join protected meshes without further setup.</source>
        <translation>Appairez un téléphone avec un code de l&apos;onglet Appairage. Les appareils appairés peuvent ouvrir des tunnels et rejoindre des maillages protégés sans autre configuration.</translation>
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
        <translation>&amp;Sessions</translation>
    </message>
    <message>
        <source>&amp;Pairing</source>
        <translation>A&amp;ppairage</translation>
    </message>
    <message>
        <source>&amp;Devices</source>
        <translation>Appare&amp;ils</translation>
    </message>
    <message>
        <source>&amp;Activity</source>
        <translation>Ac&amp;tivité</translation>
    </message>
    <message>
        <source>&amp;Relay</source>
        <translation>&amp;Relais</translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation>&amp;Paramètres…</translation>
    </message>
    <message>
        <source>&amp;Copy share URL</source>
        <translation>&amp;Copier l&apos;URL de partage</translation>
    </message>
    <message>
        <source>&amp;Pause relaying</source>
        <translation>&amp;Suspendre le relais</translation>
    </message>
    <message>
        <source>&amp;Resume relaying</source>
        <translation>&amp;Reprendre le relais</translation>
    </message>
    <message>
        <source>&amp;New pairing code</source>
        <translation>&amp;Nouveau code d&apos;appairage</translation>
    </message>
    <message>
        <source>C&amp;lose window</source>
        <translation>&amp;Fermer la fenêtre</translation>
    </message>
    <message>
        <source>&amp;Quit Switchboard</source>
        <translation>&amp;Quitter Switchboard</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>A&amp;ffichage</translation>
    </message>
    <message>
        <source>Sessions</source>
        <translation>Sessions</translation>
    </message>
    <message>
        <source>Pairing</source>
        <translation>Appairage</translation>
    </message>
    <message>
        <source>Devices</source>
        <translation>Appareils</translation>
    </message>
    <message>
        <source>Activity</source>
        <translation>Activité</translation>
    </message>
    <message>
        <source>&amp;Filter sessions</source>
        <translation>Filtrer les &amp;sessions</translation>
    </message>
    <message>
        <source>Switchboard is not relaying: %1</source>
        <translation>Switchboard ne relaie pas : %1</translation>
    </message>
    <message>
        <source>Open settings</source>
        <translation>Ouvrir les paramètres</translation>
    </message>
</context>
<context>
    <name>PairingPage</name>
    <message>
        <source>Pairing needs the relay</source>
        <translation>L&apos;appairage nécessite le relais</translation>
    </message>
    <message>
        <source>Resume relaying to pair a phone.</source>
        <translation>Reprenez le relais pour appairer un téléphone.</translation>
    </message>
    <message>
        <source>Expires in %1</source>
        <translation>Expire dans %1</translation>
    </message>
    <message>
        <source>Paired</source>
        <translation>Appairé</translation>
    </message>
    <message>
        <source>A device used this code and now appears under Devices. Each code works once.</source>
        <translation>Un appareil a utilisé ce code et figure maintenant dans Appareils. Chaque code ne sert qu&apos;une fois.</translation>
    </message>
    <message>
        <source>This code has expired</source>
        <translation>Ce code a expiré</translation>
    </message>
    <message>
        <source>Codes work for five minutes. Make a new one when the phone is ready.</source>
        <translation>Les codes sont valables cinq minutes. Créez-en un nouveau quand le téléphone est prêt.</translation>
    </message>
    <message>
        <source>This code is locked</source>
        <translation>Ce code est bloqué</translation>
    </message>
    <message>
        <source>Someone entered a wrong code too many times, so this one no longer works.</source>
        <translation>Quelqu&apos;un a saisi un code erroné trop de fois : celui-ci ne fonctionne plus.</translation>
    </message>
    <message>
        <source>Pair a phone</source>
        <translation>Appairer un téléphone</translation>
    </message>
    <message>
        <source>A pairing code lets a phone join this relay: scan its QR code, or type the code on the relay&apos;s pairing page.</source>
        <translation>Un code d&apos;appairage permet à un téléphone de rejoindre ce relais : scannez son code QR ou saisissez le code sur la page d&apos;appairage du relais.</translation>
    </message>
    <message>
        <source>Scan this with the phone&apos;s camera, or open the relay&apos;s pairing page and type the code.</source>
        <translation>Scannez ceci avec l&apos;appareil photo du téléphone, ou ouvrez la page d&apos;appairage du relais et saisissez le code.</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>Copier</translation>
    </message>
    <message>
        <source>Copy the pairing URL</source>
        <translation>Copier l&apos;URL d&apos;appairage</translation>
    </message>
    <message>
        <source>New code</source>
        <translation>Nouveau code</translation>
    </message>
    <message>
        <source>Show a pairing code</source>
        <translation>Afficher un code d&apos;appairage</translation>
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
        <translation>Transfert de fichiers</translation>
    </message>
    <message>
        <source>Mesh</source>
        <translation>Maillage</translation>
    </message>
    <message>
        <source>libp2p</source>
        <translation>libp2p</translation>
    </message>
    <message>
        <source>Clode Studio desktops and their browsers</source>
        <translation>Postes Clode Studio et leurs navigateurs</translation>
    </message>
    <message>
        <source>Apps built on @localfirst/relay</source>
        <translation>Applications basées sur @localfirst/relay</translation>
    </message>
    <message>
        <source>p2p-copy senders and receivers</source>
        <translation>Émetteurs et récepteurs p2p-copy</translation>
    </message>
    <message>
        <source>Atmosphere devices</source>
        <translation>Appareils Atmosphere</translation>
    </message>
    <message>
        <source>js-libp2p nodes (circuit relay)</source>
        <translation>Nœuds js-libp2p (circuit relay)</translation>
    </message>
</context>
<context>
    <name>SessionsModel</name>
    <message>
        <source>Service</source>
        <translation>Service</translation>
    </message>
    <message>
        <source>Session</source>
        <translation>Session</translation>
    </message>
    <message>
        <source>Peers</source>
        <translation>Pairs</translation>
    </message>
    <message>
        <source>Remote address</source>
        <translation>Adresse distante</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>Durée</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>Reçu</translation>
    </message>
    <message>
        <source>Sent</source>
        <translation>Envoyé</translation>
    </message>
    <message>
        <source>Rate</source>
        <translation>Débit</translation>
    </message>
</context>
<context>
    <name>SessionsPage</name>
    <message>
        <source>No sessions right now</source>
        <translation>Aucune session pour le moment</translation>
    </message>
    <message>
        <source>When a device connects through Switchboard (a tunnel, a file transfer, a mesh) it appears here with what it sends and receives.</source>
        <translation>Quand un appareil se connecte via Switchboard (un tunnel, un transfert de fichiers, un maillage), il apparaît ici avec ce qu&apos;il envoie et reçoit.</translation>
    </message>
    <message>
        <source>No session matches “%1”</source>
        <translation>Aucune session ne correspond à « %1 »</translation>
    </message>
    <message>
        <source>The filter looks at the service, the session, the peers and their addresses.</source>
        <translation>Le filtre porte sur le service, la session, les pairs et leurs adresses.</translation>
    </message>
    <message>
        <source>Filter sessions (Ctrl+F)</source>
        <translation>Filtrer les sessions (Ctrl+F)</translation>
    </message>
    <message>
        <source>Copy URL</source>
        <translation>Copier l&apos;URL</translation>
    </message>
    <message>
        <source>Disconnect</source>
        <translation>Déconnecter</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Switchboard Settings</source>
        <translation>Paramètres de Switchboard</translation>
    </message>
    <message>
        <source>General</source>
        <translation>Général</translation>
    </message>
    <message>
        <source>Security</source>
        <translation>Sécurité</translation>
    </message>
    <message>
        <source>Services</source>
        <translation>Services</translation>
    </message>
    <message>
        <source>Limits</source>
        <translation>Limites</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Parcourir…</translation>
    </message>
    <message>
        <source>PEM files (*.pem *.crt *.key);;All files (*)</source>
        <translation>Fichiers PEM (*.pem *.crt *.key);;Tous les fichiers (*)</translation>
    </message>
    <message>
        <source>&amp;Port:</source>
        <translation>&amp;Port :</translation>
    </message>
    <message>
        <source>The one port to forward on the router. 0 picks a free port.</source>
        <translation>Le seul port à rediriger sur le routeur. 0 choisit un port libre.</translation>
    </message>
    <message>
        <source>Listen on:</source>
        <translation>Écouter sur :</translation>
    </message>
    <message>
        <source>0.0.0.0 accepts connections from anywhere; 127.0.0.1 from this computer only.</source>
        <translation>0.0.0.0 accepte les connexions de partout ; 127.0.0.1 seulement depuis cet ordinateur.</translation>
    </message>
    <message>
        <source>Public &amp;address:</source>
        <translation>&amp;Adresse publique :</translation>
    </message>
    <message>
        <source>localhost:&lt;port&gt;</source>
        <translation>localhost:&lt;port&gt;</translation>
    </message>
    <message>
        <source>The domain devices use to reach this relay, e.g. relay.example.org</source>
        <translation>Le domaine par lequel les appareils joignent ce relais, p. ex. relay.example.org</translation>
    </message>
    <message>
        <source>Start Switchboard when I log in</source>
        <translation>Démarrer Switchboard à l&apos;ouverture de session</translation>
    </message>
    <message>
        <source>System default</source>
        <translation>Langue du système</translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation>&amp;Langue :</translation>
    </message>
    <message>
        <source>With a certificate the relay speaks HTTPS and WSS on the same port. Certbot&apos;s fullchain.pem and privkey.pem work as they are; renewed files are picked up without a restart.</source>
        <translation>Avec un certificat, le relais parle HTTPS et WSS sur le même port. Les fichiers fullchain.pem et privkey.pem de Certbot fonctionnent tels quels ; les fichiers renouvelés sont pris en compte sans redémarrage.</translation>
    </message>
    <message>
        <source>&amp;Certificate:</source>
        <translation>&amp;Certificat :</translation>
    </message>
    <message>
        <source>none (plain HTTP)</source>
        <translation>aucun (HTTP simple)</translation>
    </message>
    <message>
        <source>Choose the certificate chain</source>
        <translation>Choisir la chaîne de certificats</translation>
    </message>
    <message>
        <source>Private &amp;key:</source>
        <translation>Clé pri&amp;vée :</translation>
    </message>
    <message>
        <source>none</source>
        <translation>aucune</translation>
    </message>
    <message>
        <source>Choose the private key</source>
        <translation>Choisir la clé privée</translation>
    </message>
    <message>
        <source>Services this relay offers. All share the one port.</source>
        <translation>Services proposés par ce relais. Tous partagent le même port.</translation>
    </message>
    <message>
        <source>Connections at once:</source>
        <translation>Connexions simultanées :</translation>
    </message>
    <message>
        <source>Connections per address:</source>
        <translation>Connexions par adresse :</translation>
    </message>
    <message>
        <source>Idle timeout (seconds):</source>
        <translation>Délai d&apos;inactivité (secondes) :</translation>
    </message>
    <message>
        <source>Wait for a peer (seconds):</source>
        <translation>Attente d&apos;un pair (secondes) :</translation>
    </message>
    <message>
        <source>Largest request body (bytes):</source>
        <translation>Corps de requête maximal (octets) :</translation>
    </message>
    <message>
        <source>Choose at least one service.</source>
        <translation>Choisissez au moins un service.</translation>
    </message>
    <message>
        <source>Could not change start at login: %1</source>
        <translation>Impossible de modifier le démarrage à l&apos;ouverture de session : %1</translation>
    </message>
    <message>
        <source>Set to “%1” by the option --%2, which wins over this field.</source>
        <translation>Fixé à « %1 » par l&apos;option --%2, qui l&apos;emporte sur ce champ.</translation>
    </message>
    <message>
        <source>Set to “%1” by the environment variable %2, which wins over this field.</source>
        <translation>Fixé à « %1 » par la variable d&apos;environnement %2, qui l&apos;emporte sur ce champ.</translation>
    </message>
</context>
<context>
    <name>StatusHeader</name>
    <message>
        <source>Copy share URL</source>
        <translation>Copier l&apos;URL de partage</translation>
    </message>
    <message>
        <source>Pause relaying</source>
        <translation>Suspendre le relais</translation>
    </message>
    <message>
        <source>Resume relaying</source>
        <translation>Reprendre le relais</translation>
    </message>
    <message>
        <source>Relaying</source>
        <translation>Relais actif</translation>
    </message>
    <message>
        <source>Devices reach this relay at &lt;b&gt;%1&lt;/b&gt;</source>
        <translation>Les appareils joignent ce relais à &lt;b&gt;%1&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Paused</source>
        <translation>En pause</translation>
    </message>
    <message>
        <source>Nothing is relayed and the port is closed until you resume.</source>
        <translation>Rien n&apos;est relayé et le port reste fermé jusqu&apos;à la reprise.</translation>
    </message>
    <message>
        <source>Not relaying</source>
        <translation>Relais arrêté</translation>
    </message>
</context>
<context>
    <name>ThroughputGraph</name>
    <message>
        <source>Bytes relayed per second over the last minute</source>
        <translation>Octets relayés par seconde sur la dernière minute</translation>
    </message>
    <message>
        <source>Now: %1</source>
        <translation>Actuel : %1</translation>
    </message>
    <message>
        <source>idle</source>
        <translation>inactif</translation>
    </message>
    <message>
        <source>scale %1 · 60 s</source>
        <translation>échelle %1 · 60 s</translation>
    </message>
</context>
<context>
    <name>TrayApplication</name>
    <message>
        <source>This desktop has no system tray, so Switchboard runs in this window. Closing it stops the relay. (On GNOME, the AppIndicator extension adds a tray.)</source>
        <translation>Ce bureau n&apos;a pas de zone de notification, Switchboard fonctionne donc dans cette fenêtre. La fermer arrête le relais. (Sous GNOME, l&apos;extension AppIndicator ajoute une zone de notification.)</translation>
    </message>
    <message>
        <source>Desktop connected</source>
        <translation>Poste connecté</translation>
    </message>
    <message>
        <source>A desktop opened a tunnel through Switchboard (%1).</source>
        <translation>Un poste a ouvert un tunnel via Switchboard (%1).</translation>
    </message>
    <message>
        <source>Device paired</source>
        <translation>Appareil appairé</translation>
    </message>
    <message>
        <source>“%1” can now use this relay.</source>
        <translation>« %1 » peut maintenant utiliser ce relais.</translation>
    </message>
    <message>
        <source>Share URL copied</source>
        <translation>URL de partage copiée</translation>
    </message>
</context>
<context>
    <name>TrayIcon</name>
    <message>
        <source>Switchboard is relaying at %1</source>
        <translation>Switchboard relaie à %1</translation>
    </message>
    <message>
        <source>Switchboard is paused</source>
        <translation>Switchboard est en pause</translation>
    </message>
    <message>
        <source>Switchboard is not relaying: %1</source>
        <translation>Switchboard ne relaie pas : %1</translation>
    </message>
</context>
<context>
    <name>TrayMenu</name>
    <message>
        <source>Copy share URL</source>
        <translation>Copier l&apos;URL de partage</translation>
    </message>
    <message>
        <source>Show pairing code…</source>
        <translation>Afficher le code d&apos;appairage…</translation>
    </message>
    <message>
        <source>Open Switchboard</source>
        <translation>Ouvrir Switchboard</translation>
    </message>
    <message>
        <source>Pause relaying</source>
        <translation>Suspendre le relais</translation>
    </message>
    <message>
        <source>Resume relaying</source>
        <translation>Reprendre le relais</translation>
    </message>
    <message>
        <source>Start at login</source>
        <translation>Démarrer à l&apos;ouverture de session</translation>
    </message>
    <message>
        <source>Quit Switchboard</source>
        <translation>Quitter Switchboard</translation>
    </message>
</context>
</TS>
