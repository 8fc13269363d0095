/** The rights guides in French. */
import type { Guides } from './guide.types.js';

export const fr: Guides = {
  police: `# Quand la police arrive

La police peut vous arrêter dans la rue, contrôler un lieu où vous travaillez, ou faire une descente dans un appartement ou un club. Ce guide est général : la loi est différente dans chaque pays. Lisez aussi [la fiche de votre pays](/rights/map), et demandez à une organisation de travailleuses du sexe ce que fait la police d’habitude là où vous êtes.

## Avant : se préparer

- Apprenez par cœur un ou deux numéros de téléphone : une amie, votre organisation, un·e avocat·e. Votre téléphone peut être confisqué.
- Gardez des copies de vos documents importants dans un endroit sûr, loin de votre lieu de travail. Personne d’autre ne doit garder votre passeport.
- Mettez-vous d’accord avec les personnes avec qui vous travaillez sur ce que chacune fera, et qui appeler, si la police arrive.
- Si vous avez la carte d’un·e avocat·e ou d’une organisation, gardez-la sur vous.

## Pendant : rester le plus en sécurité possible

- Restez calme. Ne courez pas et ne vous défendez pas physiquement, même si la police est brutale ou injuste. Résister peut être un délit en soi.
- Demandez : « Est-ce que je suis libre de partir ? » Si la réponse est oui, vous pouvez partir calmement.
- Demandez pourquoi on vous contrôle, et qui sont ces personnes : police, immigration, inspection du travail ou agents de la ville.
- Vous devez peut-être donner votre nom, et dans certains pays montrer une pièce d’identité. Donner un faux nom ou de faux papiers est en général un délit et aggrave la situation. Si vous ne savez pas ce que vous devez donner, dites que vous voulez parler à un·e avocat·e.
- En dehors de cela, vous avez en général le droit de garder le silence. Vous pouvez dire : « Je veux parler à un·e avocat·e avant de répondre aux questions. »
- Ne signez rien que vous ne comprenez pas, ni rien dans une langue que vous ne savez pas lire. Vous pouvez demander un·e interprète.
- La police peut vous demander des informations sur des clients, des gérants ou d’autres personnes. Vous pouvez refuser. Les promesses faites en échange d’informations ne sont souvent pas tenues.
- Si on vous prend de l’argent, votre téléphone ou des préservatifs, demandez un document écrit qui dit ce qui a été pris.
- Essayez de retenir les noms, les numéros de matricule, la voiture, l’heure, le lieu, et qui d’autre était là.

## Si vous êtes arrêté·e ou placé·e en rétention

- Demandez un·e avocat·e, et un·e interprète si vous en avez besoin. Dans beaucoup de pays, l’aide d’un·e avocat·e est gratuite pour les personnes qui ne peuvent pas payer.
- Demandez à prévenir quelqu’un de l’endroit où vous êtes.
- Consulats : vous pouvez en général décider si la police prévient le consulat de votre pays. Pensez à votre sécurité avant de le demander ou de l’accepter.
- Si vous craignez pour votre vie ou votre sécurité dans votre pays d’origine, dites-le clairement et demandez l’asile. Parlez-en à un·e avocat·e le plus tôt possible.
- Si vous avez besoin d’un médicament (par exemple contre le VIH) ou d’un médecin, dites-le.
- Si quelqu’un vous a forcé·e à faire ce travail, ou garde votre argent ou vos papiers, vous êtes peut-être victime de traite. Les victimes ont des droits : lisez [Vos droits en tant que victime](/rights/guides/victims) et parlez-en à un·e avocat·e ou à une organisation spécialisée.

## Après

- Notez tout dès que possible : ce qui s’est passé, quand, qui était là, ce qui a été dit et ce qui a été pris.
- Prenez en photo vos blessures et allez voir un médecin. Gardez les papiers médicaux.
- Prévenez votre organisation. Vous pouvez signaler des violences ou des vols commis par la police [sur Parasol](/report) sans donner votre nom : rien ne va à la police si vous ne le choisissez pas.
- Dans la plupart des pays, on peut porter plainte contre la police. Parlez d’abord des risques et des délais avec un·e avocat·e ou une organisation.
`,

  victims: `# Vos droits en tant que victime

Les violences, le viol, le vol, les menaces et l’exploitation sont des délits commis contre vous, quel que soit votre travail et quels que soient vos papiers. Ce guide explique des droits qui existent dans beaucoup de pays européens. Leur fonctionnement change d’un pays à l’autre : parlez à une organisation de travailleuses du sexe ou à un·e avocat·e avant de décider quoi faire.

## Juste après une violence ou un viol

- Votre santé passe d’abord. Allez dès que possible dans un service de santé en qui vous avez confiance ([voir les services](/services)). Vous n’avez pas besoin d’aller à la police pour être soigné·e.
- Après un rapport sans préservatif, ou après un viol, un traitement peut réduire le risque de VIH. On l’appelle TPE (traitement post-exposition). Il marche le mieux s’il est commencé dans les premières heures, et au plus tard dans les 72 heures (trois jours).
- La contraception d’urgence marche le mieux dans les 72 heures ; certaines marchent jusqu’à 120 heures (cinq jours).
- Demandez des dépistages des infections sexuellement transmissibles, et des soins pour vos blessures.
- Dans beaucoup d’endroits, un médecin peut constater les blessures et recueillir des preuves (un examen médico-légal), même si vous n’avez pas décidé de porter plainte. Demandez si les preuves peuvent être gardées pour plus tard. Si vous le pouvez, ne vous lavez pas et ne jetez pas vos vêtements avant.

## Les droits des victimes dans l’Union européenne

Dans l’Union européenne, la directive sur les droits des victimes (2012/29/UE) dit que les victimes ont des droits sans discrimination, y compris en raison de leur statut de séjour. Elles ont notamment le droit :

- d’être informées sur leur affaire et leurs droits dans une langue qu’elles comprennent, et d’avoir un·e interprète quand elles parlent à la police ou à un tribunal ;
- à un soutien gratuit et confidentiel, qu’elles portent plainte ou non ;
- d’être protégées de la personne qui leur a fait du mal, et de ne pas être blessées à nouveau par la procédure ;
- de demander une indemnisation.

En pratique, dans certains pays, la police contrôle encore les papiers des personnes qui portent plainte. C’est pour cela qu’une séparation (un « pare-feu ») entre la plainte et l’immigration est importante. Avant d’y aller, demandez à une organisation si porter plainte est sans risque là où vous êtes.

## Si vous avez été victime de traite ou d’exploitation

Vous êtes peut-être victime de traite si quelqu’un vous a trompé·e, forcé·e ou menacé·e, ou a profité de votre dette ou de votre situation difficile, pour vous faire travailler et prendre l’argent. Cela peut arriver dans le travail du sexe comme dans n’importe quel autre travail. La traite, c’est ce qu’on vous a fait subir, ce n’est pas le travail du sexe lui-même.

- **Un délai de réflexion.** Les pays qui ont signé la Convention du Conseil de l’Europe sur la lutte contre la traite des êtres humains (presque toute l’Europe) doivent donner à une victime possible venue de l’étranger au moins 30 jours pour se rétablir et décider si elle coopère avec les autorités. Pendant ce temps, vous ne devez pas être renvoyé·e du pays. Certains pays donnent plus longtemps.
- **Un titre de séjour.** Ces pays doivent donner aux victimes un titre de séjour renouvelable quand leur situation personnelle l’exige, ou quand elles coopèrent à une enquête. Dans l’Union européenne, la directive 2004/81/CE prévoit un titre de séjour pour les victimes qui coopèrent. Certains pays donnent aussi des titres pour raisons humanitaires, sans coopération.
- **Ne pas être puni·e.** Les victimes ne devraient pas être punies pour des infractions qu’on les a forcées à commettre, comme utiliser de faux papiers ou enfreindre les règles sur le séjour.
- **Du soutien.** Un hébergement sûr, des soins, un soutien psychologique, une aide juridique et un·e interprète.

Pour obtenir ces droits, une personne doit en général être reconnue comme victime par les autorités ou par une organisation désignée pour cela. La police peut être impliquée. Parlez d’abord à une organisation spécialisée ou à un·e avocat·e : elles peuvent vous expliquer comment cela marche dans votre pays et vous accompagner.

## Votre décision

C’est vous qui décidez si vous portez plainte à la police. Vous pouvez [faire un signalement sur Parasol](/report) sans donner votre nom, recevoir du soutien sans porter plainte, ou porter plainte plus tard. En attendant, gardez les preuves en lieu sûr : lisez [Signaler en sécurité](/rights/guides/reporting).
`,

  labour: `# Vos droits au travail

Que le travail du sexe soit légal ou non là où vous êtes, que vous ayez des papiers ou non, vous avez des droits. Certains vous protègent au travail. Ce guide est général : [la fiche de votre pays](/rights/map) dit comment la loi traite le travail du sexe là-bas.

## Des droits qui protègent tout le monde

- **Vos papiers sont à vous.** Personne ne peut garder votre passeport ou votre pièce d’identité : ni un gérant, ni un agent, ni un propriétaire, ni un partenaire. Dans beaucoup de pays, prendre les papiers de quelqu’un est un délit et un signe de traite ou de travail forcé.
- **Personne ne peut vous forcer à travailler** ni vous empêcher de partir. Une dette ne peut pas légalement servir à vous garder au travail (c’est ce qu’on appelle la servitude pour dettes).
- **Vous pouvez dire non** à un client, à une pratique, ou à un rapport sans préservatif. Être obligé·e de faire ce que vous avez refusé, ou recevoir une amende parce que vous avez refusé, c’est un abus.
- **La violence au travail est un délit**, quelle que soit la personne qui la commet.

## L’argent qu’on vous doit

- Dans beaucoup de pays, les travailleuses et travailleurs peuvent réclamer le salaire du travail fait, même sans permis de travail. Dans l’Union européenne, la directive « sanctions contre les employeurs » (2009/52/CE) donne aux personnes sans droit au séjour le droit de réclamer le salaire qu’un employeur leur doit.
- Là où le travail du sexe n’est pas reconnu comme un travail, ces droits peuvent être difficiles à utiliser pour le travail du sexe lui-même. Ils s’appliquent quand même aux autres emplois, comme le ménage, le travail dans un bar ou le soin aux personnes.
- Les amendes, « retenues » et « dettes » inventées par un gérant sont souvent illégales.

## Garder une trace

Notez, avec les dates : où et quand vous avez travaillé, vos heures, ce que vous avez gagné, ce qu’on vous a pris et qui l’a pris, les noms et numéros de téléphone. Gardez les messages et les captures d’écran. Cela vous aide si vous décidez de réclamer de l’argent ou de faire un signalement, maintenant ou plus tard.

## Avant d’aller voir une autorité

L’inspection du travail peut aider les travailleuses et travailleurs, mais dans certains pays elle transmet des informations aux services de l’immigration ou vient avec la police. Avant de contacter l’inspection du travail, un syndicat ou la police, demandez à une organisation de travailleuses du sexe, à un syndicat qui organise les personnes migrantes, ou à un·e avocat·e si c’est sans risque pour vous et ce qui pourrait se passer.

## Travailler à plusieurs

Travailler avec d’autres travailleuses du sexe peut être plus sûr. Dans certains pays, cela peut être considéré comme tenir une maison close. Consultez [la fiche de votre pays](/rights/map) et demandez à une organisation locale quels sont les risques.
`,

  reporting: `# Signaler en sécurité

C’est vous qui décidez si vous signalez, quand, et à qui. Chaque façon de faire a ses risques et ses avantages. Ce guide vous aide à choisir et à vous protéger.

## Les façons de signaler

- **À Parasol.** Vous pouvez [faire un signalement ici](/report) sans donner votre nom. Votre signalement est chiffré, et seule l’équipe de l’organisation de travailleuses du sexe qui le reçoit peut le lire. Rien ne va à la police ni aux services de l’immigration si vous ne le choisissez pas dans le formulaire. Vous recevez un code pour lire les réponses.
- **À une organisation en qui vous avez confiance**, sur place ou par téléphone. Elle peut vous aider à décider quoi faire ensuite et vous accompagner.
- **À la police.** C’est à vous seul·e de le décider. Avant d’y aller, demandez à une organisation ou à un·e avocat·e si la police, là où vous êtes, contrôle les papiers des personnes qui portent plainte. Dans quelques endroits, la police a promis de ne pas le faire (on parle de plainte « sans risque »), mais demandez comment cela se passe en pratique. Vous pouvez venir accompagné·e et demander un·e interprète.
- **Des informations anonymes à la police.** Certaines organisations peuvent transmettre ce qui s’est passé et qui l’a fait, sans votre nom. Dans le formulaire de Parasol, c’est le choix « informations anonymes seulement ».

## Vous protéger pendant le signalement

- Si vous le pouvez, utilisez un téléphone ou un ordinateur que vous êtes seul·e à utiliser. Sur un appareil partagé, utilisez une fenêtre de navigation privée et fermez-la ensuite.
- Le navigateur Tor cache d’où vous vous connectez. Parasol marche dans le navigateur Tor, même avec JavaScript désactivé.
- Le bouton « Quitter ce site maintenant », en haut de chaque page, vous emmène tout de suite vers un site de météo.
- Gardez votre code dans un endroit privé : toute personne qui l’a peut lire votre signalement. Vous pouvez l’enregistrer comme un numéro de téléphone dans vos contacts, sous un nom que vous seul·e comprenez.
- N’écrivez que ce que vous êtes à l’aise de partager. Vous pourrez en ajouter plus tard.

## Garder des preuves

- N’effacez pas les messages, les listes d’appels, les photos ou les annonces liés à ce qui s’est passé. Faites des captures d’écran où l’on voit la date.
- Prenez en photo les blessures et les dégâts. Allez voir un médecin et gardez les papiers médicaux.
- Notez ce qui s’est passé tant que vous vous en souvenez : la date, l’heure et le lieu, ce qui a été dit, les noms, les numéros de téléphone ou les plaques d’immatriculation.
- Gardez des copies dans un endroit sûr, loin de la personne qui vous a fait du mal, par exemple chez une amie ou dans une organisation.

## Prévenir les autres

Si vous êtes d’accord, l’équipe peut transformer votre signalement en alerte pour d’autres travailleuses du sexe, sans rien qui puisse vous identifier. Quand plusieurs personnes signalent le même numéro de téléphone ou le même nom, l’équipe en est informée, sans que personne ne voie le numéro en clair.
`,
};
