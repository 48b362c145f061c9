/**
 * Common French and English content words for the tiny test model's vocabulary, written
 * as people spell them (the generator lowercases and strips accents like the tokenizer's
 * normalizer). Words outside this list still tokenize, into a prefix plus `##` pieces.
 * Changing this list changes the model: bump TINY_MODEL_VERSION.
 */
export const FRENCH_WORDS = `
accord accès accueil accusation achat acte action activité actuel administration adresse affaire âge agence agent
agir agriculture aide air ajouter aller allié ambassade ambassadeur ami amour an analyse ancien année annonce annuel
appel appliquer apprendre après-midi arabe arbre argent arme armée arrestation arrêter arrivée arriver article artiste
aspect assemblée assurer atelier attaque attendre attention auteur autorité avance avantage avenir avion avis avocat
avoir avril bande banque base bataille bateau beau besoin bien bilan blanc bleu bois bon bord bouche bout bras bureau
but cabinet cadre calme camp campagne candidat capacité capitale caractère carte cas cause centre cercle chaîne chambre
champ chance changement changer chapitre charge chef chemin cher chercher cheval cheveu chiffre choix chose ciel
cinéma circulation citoyen civil clair classe client climat code cœur collaboration collectif combat commande commerce
commission commun communauté communication compagnie comparaison compétence complet comprendre compte concept
conclusion condition conduire conférence confiance conflit connaissance connaître conseil conseiller considérer
constitution construction contact contenu contexte continent continuer contrat contre contrôle convention coopération
corps côté couleur coup cour courant cours court coût coutume crime criminalité crise critique croire croissance
culture cybercriminalité danger date débat début décembre décider décision déclaration défense défi degré demande
demander démocratie départ département dépense député dernier désir dessin destin détail dette développement devenir
devoir dialogue dieu différence difficile difficulté dimension diplomatie diplomatique direction directeur dire
discours discussion disposition distance document domaine donnée donner dossier douane douanier droit drogue durée
eau échange école économie économique écrire effet effort égalité élection élément élève emploi employé empire
enfant enquête enquêteur ennemi enseignement ensemble entente entreprise entrée environnement envoyer époque équipe
erreur espace espèce espoir esprit essai établir état été étranger étude étudiant européen événement examen exemple
exercice exigence existence expérience expert explication exploitation expression extérieur extradition face façon
faible faim faire fait famille femme fenêtre fer ferme fête feu février figure fille film fils fin financement
financier fleur fois fonction fonctionnaire fond fondation force forêt forme formation fort fournir frère frontière
fruit futur garde gare gauche gendarme gendarmerie général génération gens geste gestion gouvernement gouverneur
grand gratuit groupe guerre habitant habitude haut hier histoire homme honneur hôpital hôtel humain idée identité
île image immigration impact importance important impôt industrie information infraction initiative instant
institution instrument intelligence intérêt intérieur international interpellation intervention jambe jardin jeu
jeune joie jour journal journée juge jugement juillet juin justice lac langue lecture légal lettre liberté lien lieu
ligne liste litre livre loi long lumière lutte machine madame magistrat main maire maison maître majorité mal maladie
marché mari mariage marine maroc marocain mars matériel matière matin mécanisme médecin membre mémoire menace mer
mère message mesure méthode métier mettre midi migrant migration militaire million ministère ministre minute mission
modèle moment monde monsieur montagne mort mot moyen musique nation national nature navire négociation noir nom
nombre nord note nouveau novembre nuit objectif objet obligation occasion octobre odeur œil œuvre office officier
oiseau ombre opération opinion or ordre organisation organisme origine pacte page pain paix papier parent parlement
parler parole part partenaire partenariat parti participation partie partir passage passé passeport pays paysage
peau peine pensée penser père période permettre personne perte petit peuple peur phase pièce pied pierre place plaine
plan plante plateforme poche poids point police policier politique pont population port porte portée position
possibilité poste pouvoir pratique premier présence présent président presse pression preuve prévention principe
printemps prison prix problème procédure processus procès procureur production produit professeur programme progrès
projet promesse propos proposition protection protocole province public qualité question radical raison rapport
réalité recherche recrutement réforme refus région règle relation religion rencontre rendre renforcement renforcer
renseignement réponse représentant république réseau résultat retour réunion rêve révolution richesse risque rivière
rôle roi route royaume rue sa sable saison salle salut sang santé savoir scène science séance secret secrétaire
secteur sécurité sécuritaire semaine sens sentiment septembre service seuil siècle siège signature signe silence
situation société sœur soir soldat soleil solution sommet son sort source sourire sous-marin souvenir soutien
spécialiste sport stabilité stade stratégie structure succès sud suite sujet surveillance système table tâche
technique technologie temps terre terrain territoire terrorisme terroriste tête texte thème titre tour tourisme
tradition trafic trafiquant train traité travail travailler tribunal trouver université urgence usage vague valeur
vérité vie ville violence visite vitesse voie voiture voix vol volonté voyage vue zone
accompagner adopter affirmer annoncer apporter assister atteindre augmenter bâtir cacher changer citer commencer
compter condamner confirmer conserver constater consulter coordonner créer critiquer débattre découvrir défendre
démanteler dénoncer déployer détecter détenir diriger disparaître échanger écouter effectuer élaborer élargir élire
empêcher engager entendre entrer envisager espérer établir étendre éviter exprimer favoriser fermer financer former
garantir gérer identifier imposer intensifier interpeller juger lancer lier lire livrer manger marcher mener
mobiliser montrer naître négocier obtenir organiser ouvrir partager participer payer permettre placer porter poser
posséder poursuivre pousser prévenir prévoir produire proposer protéger publier quitter raconter recevoir reconnaître
réduire réfléchir refuser regarder rejoindre remettre remplacer renvoyer répondre représenter respecter rester
réussir révéler saisir sauver sembler sentir servir signer sortir souhaiter souligner soutenir suivre surveiller
tenir tomber toucher traiter transmettre utiliser valider vendre venir visiter vivre voir voler vouloir
actif ancien attentif autre bas beau bilatéral blanc bref calme central certain cher chaud clair commun complexe
conjoint constant courant difficile direct divers doux dur efficace égal énorme entier essentiel étroit européen
exact extérieur facile faux fidèle final fort fragile franc français froid global grave gros heureux historique
humain illégal immense important intense interne jeune juste large léger libre local lourd majeur marocain meilleur
militaire mineur moderne mondial mutuel naturel nécessaire neuf nombreux normal nouveau officiel opérationnel ouvert
pauvre personnel petit plein politique populaire possible prêt principal privé prochain profond propre public rapide
rare récent réel régional riche rouge sérieux seul simple social solide spécial stratégique sûr terrible total
transfrontalier triste unique urgent utile vaste vert vieux vif vrai
aujourd'hui demain hier toujours jamais souvent parfois ensuite enfin déjà encore bientôt longtemps ailleurs
partout ensemble notamment également désormais cependant pourtant environ surtout vraiment presque plutôt
un deux trois quatre cinq six sept huit neuf dix onze douze vingt trente quarante cinquante cent mille milliard
premier deuxième troisième quatrième dernier janvier lundi mardi mercredi jeudi vendredi samedi dimanche
france paris rabat casablanca marrakech tanger fès europe afrique espagne algérie tunisie belgique allemagne italie
affaires afférent affirmer améliorer amical apprécier approfondir appui arrêté auprès autorités avancer
bilatéral cadre communiqué concerner conclure conformément consolidation consolider contribuer convenir coordination
davantage déclarer délégué déplacement déposer détermination déterminer dispositif divers document efficacité
émigration engagement entretien entretenir escroquerie évoquer examiner excellence expertise exprimer extrémisme
féliciter fonder gouvernemental habous homologue indiquer islamique juridique lutter mandat multilatéral niveau
observer occasion officiel organiser partager particulier passeur radicalisation rappeler réadmission relever régir
regularisation réitérer responsable respect revue rapatriement saluer satisfaction séculaire séparatisme signaler
souligner source stupéfiant sujet terrorisme toucher trafiquer trait travers union veiller volet volonté
accueillir aboutir agir appartenir assurer bâtir choisir conduire convaincre couvrir découvrir définir devenir
établir finir fournir grandir intervenir maintenir obtenir offrir ouvrir parvenir prévenir réagir réfléchir remplir
réunir réussir revenir saisir soutenir subir survenir tenir venir
`;

export const ENGLISH_WORDS = `
ability access account act action activity actor address administration adult advice affair agency agent agreement
air airport alliance amount analysis animal answer application approach area argument arm army arrest art article
artist attack attempt attention audience authority author average award baby back bag ball bank bar base basis
battle bed behavior belief benefit bill bird birth blood board boat body book border boss bottom box boy brain branch
bread break breakfast brother budget building business buyer call camera campaign capital car card care career case
cash cat category cause cell center century chain chair challenge chance change chapter character charge chief child
choice church citizen city claim class client climate coast code coffee college color combination comment committee
community company comparison competition computer concept concern condition conference confidence conflict congress
connection consequence contact content context contract control conversation cooperation corner cost council country
county couple course court cover crime criminal crisis culture cup customer cycle damage danger data daughter day deal
death debate decade decision defense degree delivery demand department deputy design detail development device
difference difficulty dinner direction director discussion disease distance doctor document dog door dream drink
driver drug duty earth economy edge editor education effect effort election element emergency employee end enemy
energy engine engineer entry environment equipment error evening event evidence exchange exercise experience expert
explanation expression extradition eye face fact factor failure family farm father fear feature fee feeling field
fight figure film finger fire firm fish flight floor flower focus food foot force forest form fortune foundation
frame freedom friend front fruit fuel function fund future game garden gas gate generation gift girl goal god gold
government governor grade ground group growth guard guest guide gun hair half hall hand head health hearing heart
heat help hero history hole home hope horse hospital hotel hour house husband idea identity image impact importance
income industry information initiative injury input inside insurance intelligence interest interior investigation
investment island issue item job joint journey judge judgment justice key kid kind king kitchen knowledge lab labor
lack lady lake land language law lawyer layer leader leadership league lesson letter level library life light limit
line link list literature loan location look loss love machine magazine mail management manager market marriage
master match material matter meal meaning measure meat media medicine meeting member memory message metal method
middle migrant migration military mind minister ministry minute mission mistake model moment money month morning
mother motor mountain mouth movement movie music name nation nature neck network news newspaper night north note
nothing notice number nurse object offense offer office officer official oil operation opinion opportunity option
order organization origin output owner page pain paint pair paper parent parliament part partner partnership party
passage passenger passport past path patient pattern payment peace people percent performance period permission
person phase phone photo physics picture piece place plan plant platform player pocket poem point police policy
politics pollution population port position post pot power practice presence president press pressure prevention
price pride priority prison problem procedure process product profession professor profit program progress project
property proposal prosecutor protection protocol public purpose quality quarter question race radio rain range rate
reaction reader reality reason record recruitment reform region relation relationship religion report republic
request research resource response rest result return revenue review right risk river road rock role room rule
safety sale sand school science screen sea season seat second secret secretary section sector security sense series
service session shape share ship shop shot shoulder side sign signal silence sister site situation size skill skin
sky smile snow society software soil soldier solution son song sound source south space speaker speech speed sport
spring square staff stage standard star state statement station status step stock stone store story strategy
street strength stress structure student study style subject success sugar summer summit sun supply support surface
surveillance system table talk target task tax teacher team technology telephone television term territory terrorism
terrorist test text theory thing thought threat ticket time title today tool top topic total tour town trade
trafficking tradition traffic train training transport travel treaty tree trial trip trouble truth type union unit
university value vehicle version victim video view village violence visit voice vote wall war water way weapon
weather week weight west wife wind window winter woman wood word work worker world writer year youth zone
accept achieve add admit agree allow announce appear apply argue arrive ask attend avoid become begin believe belong
break bring build buy call carry catch cause change choose claim close come consider contain continue cook cost count
create cross cut deal decide defend deliver deny describe destroy develop die discover discuss dismantle do draw
drive drop eat enjoy enter establish exist expect explain fail fall feel fight fill find finish fly follow forget
get give go grow happen hate have hear help hide hit hold hope identify imagine improve include increase indicate
involve join keep kill know launch lead learn leave let lie like listen live lose love make manage mean meet mention
move need negotiate notice obtain occur offer open own pass pay perform pick place plan play prepare present prevent
produce protect prove provide publish pull push put raise reach read receive recognize reduce reflect refuse remain
remember remove repeat replace reply report represent require rest return reveal run save say see seek seem sell
send serve set share shoot show sign sing sit sleep smile speak spend stand start stay stop strengthen study succeed
suffer suggest supply support suppose survive take talk teach tell tend test think throw touch train travel treat try
turn understand use visit wait walk want watch win wish wonder work worry write
able active actual afraid alive angry annual available aware bad beautiful best better big bilateral black blue
bright broad busy careful central certain cheap civil clean clear close cold common complete complex correct cross
current dark dead deep democratic different difficult direct domestic dry early easy economic effective empty
entire environmental equal essential european exact excellent existing expensive external fair false familiar famous
far fast federal final fine foreign formal former free french fresh friendly full funny general global good great
green happy hard healthy heavy high historical hot huge human illegal important independent internal international
joint key large late legal light likely little local long low main major medical mental military minor modern
moroccan national natural necessary negative new nice normal nuclear official old only open operational original
other overall past personal physical political poor popular positive possible powerful present previous primary
private professional proper public quick quiet rare ready real recent red regional regular relevant religious rich
right safe secure senior serious short significant similar simple single small social soft solid special specific
strategic strong successful sudden sure tall terrible thin tiny total tough traditional true typical unique united
urban useful usual various warm weak white whole wide wild wrong young
again ago almost already also always away back early else enough especially even ever everywhere finally however
indeed instead later maybe never often once perhaps quickly rather really recently simply soon still together
tomorrow usually well yesterday yet
one two three four five six seven eight nine ten eleven twelve twenty thirty forty fifty hundred thousand million
billion first second third fourth last january february march april may june july august september october november
december monday tuesday wednesday thursday friday saturday sunday
france morocco spain algeria tunisia belgium germany italy europe africa london washington rabat casablanca paris
`;

/** Function words that the Orama stop-word lists lack; they get a stop word's low weight. */
export const EXTRA_STOPWORDS = `
entre plus moins tout tous toute toutes très aussi comme dont où si alors ainsi donc car puis chez vers selon
sans sous depuis pendant avant après contre lors tant quand cette celui celle ceux celles autre autres même
the of and a an to in is are was were be been by for with on at from as that this these those it its
`;
