// Synthetic Cambodian names for the search benchmark: a Khmer spelling and the Latin spellings seen
// for it in practice (romanisation is ad hoc, so one Khmer name has several). Not real people.

export interface NameEntry { km: string; latin: string[] }

export const SURNAMES: NameEntry[] = [
  { km: 'សុខ', latin: ['Sok', 'Sokh'] }, { km: 'ចាន់', latin: ['Chan', 'Chann'] },
  { km: 'ហេង', latin: ['Heng'] }, { km: 'លី', latin: ['Ly', 'Lee'] },
  { km: 'គឹម', latin: ['Kim', 'Kem'] }, { km: 'ស៊ុន', latin: ['Sun', 'Soun'] },
  { km: 'ម៉ៅ', latin: ['Mao', 'Mau'] }, { km: 'ឈឹម', latin: ['Chhim', 'Chhem'] },
  { km: 'ពៅ', latin: ['Pov', 'Pao'] }, { km: 'សេង', latin: ['Seng'] },
  { km: 'ខៀវ', latin: ['Khiev', 'Kheav'] }, { km: 'អ៊ុំ', latin: ['Um', 'Oum'] },
  { km: 'ណុប', latin: ['Nob', 'Nop'] }, { km: 'ព្រំ', latin: ['Prum', 'Prom'] },
  { km: 'ទេព', latin: ['Tep', 'Teb'] }, { km: 'យឹម', latin: ['Yim', 'Yem'] },
  { km: 'ឡុង', latin: ['Long'] }, { km: 'ជា', latin: ['Chea'] },
  { km: 'ម៉ម', latin: ['Mam', 'Mom'] }, { km: 'ហ៊ុន', latin: ['Hun', 'Houn'] },
  { km: 'ស៊ឹម', latin: ['Sim', 'Sem'] }, { km: 'សួន', latin: ['Suon', 'Suan', 'Soun'] },
  { km: 'កែវ', latin: ['Keo', 'Kaev', 'Keov'] }, { km: 'នួន', latin: ['Nuon', 'Noun'] },
  { km: 'ឯក', latin: ['Ek', 'Aek'] }, { km: 'ធី', latin: ['Thy', 'Thi'] },
  { km: 'ភួង', latin: ['Phuong', 'Phoung'] }, { km: 'ពេជ្រ', latin: ['Pich', 'Pech'] },
  { km: 'វង្ស', latin: ['Vong', 'Vongs'] }, { km: 'មាស', latin: ['Meas', 'Mes'] },
  { km: 'ផល', latin: ['Phal', 'Phol'] }, { km: 'ទូច', latin: ['Touch', 'Toch'] },
  { km: 'ឃុន', latin: ['Khun', 'Khon'] }, { km: 'អ៊ិន', latin: ['In', 'Inn'] },
  { km: 'ប៊ុន', latin: ['Bun', 'Boun'] }, { km: 'ងិន', latin: ['Ngin', 'Ngen'] },
  { km: 'រស់', latin: ['Ros', 'Rous'] }, { km: 'ស្វាយ', latin: ['Svay', 'Svai'] },
  { km: 'ហួត', latin: ['Huot', 'Hout'] }, { km: 'ឈាង', latin: ['Chheang', 'Chhiang'] },
  { km: 'តាំង', latin: ['Taing', 'Tang'] }, { km: 'ណែម', latin: ['Nem', 'Naem'] },
];

export const GIVEN_NAMES: NameEntry[] = [
  { km: 'សុខា', latin: ['Sokha', 'Sokhar', 'Sokkha'] }, { km: 'ដារា', latin: ['Dara', 'Darra', 'Darah'] },
  { km: 'វណ្ណា', latin: ['Vanna', 'Vana', 'Vannah'] }, { km: 'ចន្ធូ', latin: ['Chanthou', 'Chantou'] },
  { km: 'សុភា', latin: ['Sophea', 'Sophia'] }, { km: 'មុំ', latin: ['Mom', 'Mum'] },
  { km: 'ធារី', latin: ['Theary', 'Thary'] }, { km: 'បុប្ផា', latin: ['Bopha', 'Bopa'] },
  { km: 'ចាន់ធី', latin: ['Chanthy', 'Chanty'] }, { km: 'សុផល', latin: ['Sophal', 'Sophoal'] },
  { km: 'រតនា', latin: ['Ratana', 'Rattana', 'Rathana'] }, { km: 'ពិសិដ្ឋ', latin: ['Piseth', 'Pisith', 'Piset'] },
  { km: 'វិចិត្រ', latin: ['Vichet', 'Vichit'] }, { km: 'សុវណ្ណ', latin: ['Sovann', 'Sovan'] },
  { km: 'ចិន្តា', latin: ['Chenda', 'Chinda'] }, { km: 'ម៉ារី', latin: ['Mary', 'Mari'] },
  { km: 'សំណាង', latin: ['Samnang', 'Somnang'] }, { km: 'បញ្ញា', latin: ['Panha', 'Pagna', 'Panhha'] },
  { km: 'ដាវី', latin: ['Davy', 'Davi'] }, { km: 'គន្ធា', latin: ['Kunthea', 'Kanthea', 'Kunthia'] },
  { km: 'ណារី', latin: ['Nary', 'Nari'] }, { km: 'សុគុណ', latin: ['Sokun', 'Sokhun'] },
  { km: 'សុធារី', latin: ['Sotheary', 'Sothary'] }, { km: 'វាសនា', latin: ['Veasna', 'Veasana'] },
  { km: 'ផល្លា', latin: ['Phalla', 'Phala'] }, { km: 'មករា', latin: ['Makara', 'Makkara'] },
  { km: 'ពន្លក', latin: ['Ponlok', 'Punlok'] }, { km: 'ចំរើន', latin: ['Chamroeun', 'Chamroen', 'Chamreun'] },
  { km: 'ស៊ីណា', latin: ['Sina', 'Seena'] }, { km: 'ភារម្យ', latin: ['Phearum', 'Pheareum'] },
  { km: 'វិសាល', latin: ['Visal', 'Vishal'] }, { km: 'លីដា', latin: ['Lida', 'Leda'] },
  { km: 'សុជាតា', latin: ['Socheata', 'Sochetta'] }, { km: 'កញ្ញា', latin: ['Kanha', 'Kagna'] },
  { km: 'លក្ខណ៍', latin: ['Leak', 'Leakh'] }, { km: 'ធីតា', latin: ['Thida', 'Theda'] },
  { km: 'ចរិយា', latin: ['Chariya', 'Charya'] }, { km: 'បូរ៉ា', latin: ['Bora', 'Borra'] },
  { km: 'រិទ្ធី', latin: ['Rithy', 'Rithi'] }, { km: 'សុភាព', latin: ['Sopheap', 'Sopeap'] },
  { km: 'ពិសី', latin: ['Pisey', 'Pisei'] }, { km: 'ណាវីន', latin: ['Navin', 'Naveen'] },
  { km: 'និច', latin: ['Nich', 'Nic'] }, { km: 'សុខុម', latin: ['Sokhom', 'Sokom'] },
  { km: 'សារឿន', latin: ['Sareoun', 'Sarouen'] }, { km: 'ឧត្តម', latin: ['Oudom', 'Udom'] },
  { km: 'វុទ្ធី', latin: ['Vuthy', 'Vutthy'] }, { km: 'ប៊ុនធឿន', latin: ['Bunthoeun', 'Bunthoen'] },
  { km: 'ដាលីន', latin: ['Dalin', 'Daline'] }, { km: 'សុភ័ក្រ', latin: ['Sopheak', 'Sopheakh'] },
  { km: 'រដ្ឋា', latin: ['Ratha', 'Rotha'] }, { km: 'ស្រីនាង', latin: ['Sreyneang', 'Srey Neang'] },
  { km: 'ធឿន', latin: ['Thoeun', 'Thoeurn'] }, { km: 'សុខលី', latin: ['Sokly', 'Sokhly'] },
  { km: 'កុសល', latin: ['Kosal', 'Kossal'] }, { km: 'វិបុល', latin: ['Vibol', 'Vibul'] },
  { km: 'សុជា', latin: ['Socheat', 'Sochea'] }, { km: 'ពុទ្ធី', latin: ['Puthy', 'Putthy'] },
  { km: 'អូន', latin: ['Oun', 'On'] }, { km: 'សាវឿន', latin: ['Savoeun', 'Savoeurn'] },
];

/** Prefixes often found in given names (ស្រី for women). */
export const SREY: NameEntry = { km: 'ស្រី', latin: ['Srey', 'Srei'] };
